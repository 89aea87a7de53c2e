using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using FluxMirror.Actors.Sharding;
using FluxMirror.Protocol.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// The health checks a node registers with Akka.Hosting (and the region pollers behind the shard gauges) (served by the management port, and by the coordinator's API).
/// Liveness (<see cref="Live"/>) only asks whether the actor system runs: a node that is still joining or whose
/// database is down is alive, and restarting it would not help. Readiness (<see cref="Ready"/>) adds what it takes
/// to do work: this member is Up, the journal's database answers, and on workers the shard coordinator knows the
/// node's tag-copy region.
/// </summary>
public static class NodeObservability
{
    public const string Live = "live";
    public const string Ready = "ready";

    /// <summary>The HealthCheckService the management port asks: Akka.Hosting adds its checks' registrations to it,
    /// but does not register the service itself.</summary>
    public static IServiceCollection AddNodeHealthCheckService(this IServiceCollection services)
    {
        services.AddHealthChecks();
        return services;
    }

    /// <summary>Akka's log events go through the host's ILoggerFactory (<see cref="HostLoggerBridge"/>), so a node writes
    /// one format (JSON lines by default, see FluxMirror.Hosting.Logging) for Akka and ASP.NET alike;
    /// <paramref name="level"/> still filters at the source.</summary>
    public static LoggerConfigBuilder ToHostLoggerFactory(this LoggerConfigBuilder logging, Akka.Event.LogLevel level)
    {
        logging.LogLevel = level;
        return logging.ClearLoggers().AddLogger<HostLoggerBridge>();
    }

    /// <param name="journalConnectionString">The shared journal's database, which readiness needs to reach.</param>
    public static AkkaConfigurationBuilder AddNodeHealthChecks(this AkkaConfigurationBuilder builder, string journalConnectionString) =>
        builder
            .WithActorSystemLivenessCheck(tags: [Live])
            .WithAkkaClusterReadinessCheck(tags: [Ready])
            .WithHealthCheck("journal-connectivity", new JournalConnectivityCheck(journalConnectionString), HealthStatus.Unhealthy, [Ready], JournalConnectivityCheck.Timeout);

    /// <summary>For <c>WithSqlPersistence(journalBuilder: …)</c>: the journal plugin's own state, degraded (the node
    /// stays ready) while it is not healthy; the database itself is <see cref="JournalConnectivityCheck"/>'s.</summary>
    public static void JournalChecks(AkkaPersistenceJournalBuilder journal) => journal
        .WithHealthCheck(HealthStatus.Degraded, "journal", [Ready]);

    public static AkkaConfigurationBuilder AddWorkerReadiness(this AkkaConfigurationBuilder builder) =>
        builder.WithHealthCheck(
            "tag-copy-region",
            new RegionRegisteredCheck<TagCopyRegion>(ClusterNames.TagCopyRegion),
            HealthStatus.Unhealthy,
            [Ready],
            RegionRegisteredCheck<TagCopyRegion>.Timeout + TimeSpan.FromSeconds(1));

    /// <summary>Shard and entity gauges of the regions a worker hosts.</summary>
    public static AkkaConfigurationBuilder AddWorkerObservability(this AkkaConfigurationBuilder builder) =>
        builder
            .AddWorkerReadiness()
            .AddRegionStats(ShardRegionTypes.TagCopy, ShardRegionTypes.HostLimiter);

    /// <summary>Shard and entity gauges of the region a coordinator hosts.</summary>
    public static AkkaConfigurationBuilder AddCoordinatorObservability(this AkkaConfigurationBuilder builder) =>
        builder.AddRegionStats(ShardRegionTypes.BlobLedger);
}
