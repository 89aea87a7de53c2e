using Akka.Actor;
using FluxMirror.Coordinator.Reporting;
using FluxMirror.Shared.Mirroring;
using FluxMirror.Shared.Reporting;

namespace FluxMirror.Coordinator.Jobs;

/// <summary>Starts one job's actors, the same way in the embedded node and under the cluster's job manager.</summary>
public static class JobActors
{
    /// <summary>The report aggregator (streaming to <paramref name="follower"/>) and the journaled coordinator.</summary>
    public static void Start(IActorRefFactory parent, string jobId, IJobPlanner planner, JobOptions options, IActorRef tagRegion, IActorRef follower)
    {
        var aggregator = parent.ActorOf(Props.Create(() => new ReportAggregatorActor(jobId, planner.EntryCount, ReporterName.Value, follower)), "report-" + jobId);
        parent.ActorOf(Props.Create(() => new JobCoordinatorActor(jobId, planner, options, tagRegion, aggregator)), "job-" + jobId);
    }
}
