using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using FluxMirror.Worker.Hosting;
using LinqToDB;

namespace FluxMirror.Worker.Cluster;

/// <summary>What every cluster node has, whatever its role: remoting, membership, the shared PostgreSQL journal and the mirror serializer.</summary>
public static class ClusterNodeComposition
{
    // The newer rebalance algorithm (recommended by reference.conf) and quiet dead letters on shutdown.
    private const string Hocon = """
        akka.cluster.sharding.least-shard-allocation-strategy.rebalance-absolute-limit = 20
        akka.log-dead-letters-during-shutdown = off
        akka.stdout-loglevel = OFF
        """;

    public static AkkaConfigurationBuilder AddMirrorClusterNode(this AkkaConfigurationBuilder builder, ClusterNodeSettings settings, string role) =>
        builder
            .ConfigureLoggers(logging => logging.LogLevel = settings.LogLevel)
            .AddHocon(Hocon, HoconAddMode.Prepend)
            .WithRemoting(settings.Hostname, settings.Port, settings.PublicHostname)
            .WithClustering(new ClusterOptions
            {
                Roles = [role],
                SeedNodes = [.. settings.Seeds],
                SplitBrainResolver = SplitBrainResolverOption.Default,
            })
            .AddStartup(async (system, _) =>
            {
                // No seeds: this node founds the cluster (the first coordinator, or a single-node test).
                if (settings.Seeds.Count == 0)
                {
                    var cluster = Akka.Cluster.Cluster.Get(system);
                    await cluster.JoinAsync(cluster.SelfAddress);
                }
            })
            .AddMirrorSerialization()
            .WithSqlPersistence(settings.PostgresConnectionString, ProviderName.PostgreSQL15, autoInitialize: true);
}
