using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using FluxMirror.Actors.BlobLedger;
using FluxMirror.Actors.RateLimit;
using FluxMirror.Actors.TagCopy;
using FluxMirror.Domain.Config;
using FluxMirror.Protocol.Limits;
using FluxMirror.Protocol.Routing;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// The worker role: hosts the tag-copy entities (a copy lost with its node is sent again by its job coordinator,
/// and starts on another worker) and the per-host limiters, plus this node's host gate and a proxy to the job manager.
/// </summary>
public static class WorkerRole
{
    /// <param name="hostLimits">Per-host request budgets of the limiters this node hosts; the defaults unless given.</param>
    /// <param name="submittedConfigs">What the job configs this worker loads may refer to in its environment.</param>
    public static AkkaConfigurationBuilder AddWorkerRole(this AkkaConfigurationBuilder builder, HostLimits? hostLimits, SubmittedConfigRules submittedConfigs) =>
        builder
            .AddHostLimiterShards(hostLimits)
            .AddHostGate()
            .AddBlobLedgerProxy()
            .AddBlobLedgerClient()
            .AddTagCopyShards(submittedConfigs)
            .AddJobManagerProxy();

    /// <summary>The job manager's proxy for nodes without the coordinator role.</summary>
    public static AkkaConfigurationBuilder AddJobManagerProxy(this AkkaConfigurationBuilder builder) =>
        builder.WithSingletonProxy<JobManager>(ClusterNames.JobManagerSingleton, new ClusterSingletonOptions { Role = ClusterNames.CoordinatorRole });
}
