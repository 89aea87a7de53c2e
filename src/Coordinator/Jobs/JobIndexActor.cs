using System.Collections.Immutable;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence;
using FluxMirror.Shared.Protocol;

namespace FluxMirror.Coordinator.Jobs;

/// <summary>
/// The journaled list of jobs: which config each ran and whether it ended. A rerun of the same config asks
/// it for the unfinished job to resume; <c>job list</c> reads it.
/// </summary>
public sealed class JobIndexActor : ReceivePersistentActor
{
    private ImmutableList<JobSummary> _jobs = [];

    public JobIndexActor()
    {
        Recover<JobSubmitted>(Apply);
        Recover<JobClosed>(Apply);
        Command<JobSubmitted>(e => Persist(e, saved =>
        {
            Apply(saved);
            Sender.Tell(saved);
        }));
        Command<JobClosed>(e => Persist(e, saved =>
        {
            Apply(saved);
            Sender.Tell(saved);
        }));
        Command<FindUnfinishedJob>(q => Sender.Tell(new UnfinishedJob(
            _jobs.LastOrDefault(j => j.Closed is null && j.Job.ConfigDigest == q.ConfigDigest)?.Job)));
        Command<ListJobs>(_ => Sender.Tell(new JobList(_jobs)));
    }

    public override string PersistenceId => "job-index";

    private void Apply(JobSubmitted e) => _jobs = _jobs.Add(new JobSummary(e, null));

    private void Apply(JobClosed e)
    {
        var index = _jobs.FindIndex(j => j.Job.JobId == e.JobId);
        if (index >= 0)
        {
            _jobs = _jobs.SetItem(index, _jobs[index] with { Closed = e });
        }
    }
}

/// <summary>Registry key of the job index.</summary>
public sealed class JobIndex
{
}

public static class JobIndexRegistration
{
    public static AkkaConfigurationBuilder AddJobIndex(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry) => registry.Register<JobIndex>(system.ActorOf(JournalSupervisor.Props(Props.Create(() => new JobIndexActor()), "index"), "job-index")));
}
