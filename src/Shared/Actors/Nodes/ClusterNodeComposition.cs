using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using FluxMirror.Protocol.Serialization;
using LinqToDB;

namespace FluxMirror.Actors.Nodes;

/// <summary>What every cluster node has, whatever its role: remoting, membership, the shared PostgreSQL journal and the mirror serializer.</summary>
public static class ClusterNodeComposition
{
    // The newer rebalance algorithm (recommended by reference.conf) and quiet dead letters on shutdown.
    private const string Hocon = """
        akka.cluster.sharding.least-shard-allocation-strategy.rebalance-absolute-limit = 20
        akka.log-dead-letters-during-shutdown = off
        akka.stdout-loglevel = OFF
        # A database outage opens the journal's circuit breaker; probe again soon after, so a job continues
        # within seconds of the database's return (the default waits 30 s).
        akka.persistence.journal.sql.circuit-breaker.reset-timeout = 3s
        akka.persistence.snapshot-store.sql.circuit-breaker.reset-timeout = 3s
        # The shard coordinator reads and updates its state in distributed data; under load (a node starting,
        # a busy machine) the 5 s default for an update expires and the coordinator backs off and starts over.
        akka.cluster.sharding.updating-state-timeout = 15s
        akka.cluster.sharding.waiting-for-state-timeout = 5s
        """;

    public static AkkaConfigurationBuilder AddMirrorClusterNode(this AkkaConfigurationBuilder builder, ClusterNodeSettings settings, string role) =>
        builder
            .ConfigureLoggers(logging => logging.ToHostLoggerFactory(settings.LogLevel))
            .AddNodeHealthChecks(settings.PostgresConnectionString)
            .AddHocon(Hocon, HoconAddMode.Prepend)
            .AddHocon(settings.DowningOrDefault.ToHocon(), HoconAddMode.Prepend)
            .WithRemoting(Remoting(settings))
            .WithClustering(new ClusterOptions
            {
                Roles = [role],
                SeedNodes = [.. settings.Seeds.Select(seed => RemotingTls.SeedAddress(seed, settings.Tls is not null))],
                SplitBrainResolver = SplitBrainResolverOption.Default,
            })
            .AddMembership(settings)
            .AddMirrorSerialization()
            .WithSqlPersistence(JournalSessionLimits.Apply(settings.PostgresConnectionString), ProviderName.PostgreSQL15, journalBuilder: NodeObservability.JournalChecks, autoInitialize: true);

    // Bootstrap (seed nodes stay empty: it does nothing if there are any) or the seed nodes as configured.
    private static AkkaConfigurationBuilder AddMembership(this AkkaConfigurationBuilder builder, ClusterNodeSettings settings) =>
        settings.Discovery is not null
            ? builder.AddClusterBootstrap(settings)
            : builder.AddStartup(async (system, _) =>
            {
                // No seeds: this node founds the cluster (the first coordinator, or a single-node test).
                if (settings.Seeds.Count == 0)
                {
                    var cluster = Akka.Cluster.Cluster.Get(system);
                    await cluster.JoinAsync(cluster.SelfAddress);
                }
            });

    private static RemoteOptions Remoting(ClusterNodeSettings settings)
    {
        var options = new RemoteOptions { HostName = settings.Hostname, Port = settings.Port, PublicHostName = settings.PublicHostname };
        if (settings.MaxFrameSize is { } frame)
        {
            options.MaxFrameSize = frame;
        }
        if (settings.Tls is not null)
        {
            options.EnableSsl = true;
            options.Ssl = settings.Tls.ToSslOptions();
        }

        return options;
    }
}
