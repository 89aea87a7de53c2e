using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using FluxMirror.Actors.RateLimit;
using FluxMirror.Actors.TagCopy;
using FluxMirror.Protocol.Limits;
using FluxMirror.Protocol.Routing;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// The worker role: hosts the tag-copy entities (remembered, so an in-flight copy restarts on another
/// worker when its node dies) and the per-host limiters, plus this node's host gate and a proxy to the job manager.
/// </summary>
public static class WorkerRole
{
    /// <summary>How long a worker waits for the job manager's answer to <c>GetJobSpec</c>.</summary>
    public static readonly TimeSpan SpecTimeout = TimeSpan.FromSeconds(30);

    /// <param name="hostLimits">Per-host request budgets of the limiters this node hosts; the defaults unless given.</param>
    public static AkkaConfigurationBuilder AddWorkerRole(this AkkaConfigurationBuilder builder, HostLimits? hostLimits) =>
        builder
            .WithShardRegion<HostLimiterRegion>(
                ClusterNames.HostLimiterRegion,
                host => Props.Create(() => new HostLimiterActor(host, (hostLimits ?? HostLimits.Default).For(host))),
                new HostLimiterMessageExtractor(),
                new ShardOptions { Role = ClusterNames.WorkerRole, StateStoreMode = StateStoreMode.DData })
            .AddHostGate()
            .WithShardRegion<TagCopyRegion>(
                ClusterNames.TagCopyRegion,
                (system, _, _) =>
                {
                    var runner = new ClusterJobRuntimes(ActorRegistry.For(system), SpecTimeout);
                    var worker = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();
                    return _ => Props.Create(() => new TagCopyActor(runner, worker));
                },
                new TagCopyMessageExtractor(),
                new ShardOptions
                {
                    Role = ClusterNames.WorkerRole,
                    StateStoreMode = StateStoreMode.DData,
                    // Never the ddata store: its LMDB durable keys crash with the LightningDB served here.
                    RememberEntities = true,
                    RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
                })
            .AddJobManagerProxy();

    /// <summary>The job manager's proxy for nodes without the coordinator role.</summary>
    public static AkkaConfigurationBuilder AddJobManagerProxy(this AkkaConfigurationBuilder builder) =>
        builder.WithSingletonProxy<JobManager>(ClusterNames.JobManagerSingleton, new ClusterSingletonOptions { Role = ClusterNames.CoordinatorRole });
}
