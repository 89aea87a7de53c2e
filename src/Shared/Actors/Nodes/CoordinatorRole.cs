using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using FluxMirror.Actors.BlobLedger;
using FluxMirror.Actors.JobManagement;
using FluxMirror.Actors.Jobs;
using FluxMirror.Actors.RateLimit;
using FluxMirror.Domain.Config;
using FluxMirror.Protocol.Routing;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// The coordinator role: the job manager singleton (started only here: a node without the role must never
/// call WithSingleton), proxies to the worker-hosted regions, and a host gate for the planners' registry calls.
/// </summary>
public static class CoordinatorRole
{
    /// <param name="submittedConfigs">What the configs submitted to the job manager may refer to.</param>
    /// <param name="jobRetention">How long the job index keeps finished jobs and their journals.</param>
    public static AkkaConfigurationBuilder AddCoordinatorRole(this AkkaConfigurationBuilder builder, int maxRunningJobs, JobCoordinatorSettings jobCoordinator, SubmittedConfigRules submittedConfigs, TimeSpan jobRetention) =>
        builder
            .WithShardRegionProxy<TagCopyRegion>(ClusterNames.TagCopyRegion, ClusterNames.WorkerRole, new TagCopyMessageExtractor())
            .WithShardRegionProxy<HostLimiterRegion>(ClusterNames.HostLimiterRegion, ClusterNames.WorkerRole, new HostLimiterMessageExtractor())
            .AddHostGate()
            .AddBlobLedgerShards()
            .AddJobManagerSingleton(maxRunningJobs, jobCoordinator, submittedConfigs, jobRetention);
}
