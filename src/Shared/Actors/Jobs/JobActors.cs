using Akka.Actor;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;

namespace FluxMirror.Actors.Jobs;

/// <summary>Starts one job's actors, the same way in the embedded node and under the cluster's job manager.</summary>
public static class JobActors
{
    /// <summary>The report aggregator (streaming to <paramref name="follower"/>) and the journaled coordinator, restarted while the journal is unreachable.</summary>
    /// <param name="capacity">Worker nodes available; one (the embedded node) unless given.</param>
    /// <param name="settings">The coordinator's pacing; <see cref="JobCoordinatorSettings.Default"/> unless given.</param>
    /// <returns>The report aggregator, whose state late followers catch up from.</returns>
    public static IActorRef Start(IActorRefFactory parent, string jobId, IJobPlanner planner, JobOptions options, IActorRef tagRegion, IActorRef follower, IWorkerCapacity? capacity = null, JobCoordinatorSettings? settings = null)
    {
        capacity ??= SingleWorker.Instance;
        settings ??= JobCoordinatorSettings.Default;
        var aggregator = parent.ActorOf(Props.Create(() => new ReportAggregatorActor(jobId, planner.EntryCount, ReporterName.Value, follower)), "report-" + jobId);
        var coordinator = Props.Create(() => new JobCoordinatorActor(jobId, planner, options, tagRegion, aggregator, capacity, settings));
        parent.ActorOf(JournalSupervisor.Props(coordinator, "run"), "job-" + jobId);
        return aggregator;
    }
}
