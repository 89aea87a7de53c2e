using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Actors.Jobs;

/// <summary>
/// The journaled list of jobs: which config each ran and whether it ended. A rerun of the same config asks
/// it for the unfinished job to resume; <c>job list</c> reads it. Every run adds two events, and a CronJob
/// runs thousands: a snapshot every <see cref="SnapshotEvery"/> events (older events and snapshots deleted)
/// keeps start-up from replaying them all, and only the newest <see cref="KeepFinished"/> finished jobs are
/// kept (unfinished ones always are).
/// </summary>
public sealed class JobIndexActor : ReceivePersistentActor
{
    public const int SnapshotEvery = 100;
    public const int KeepFinished = 500;
    private ImmutableList<JobSummary> _jobs = [];

    public JobIndexActor()
    {
        Recover<SnapshotOffer>(offer => _jobs = [.. ((JobIndexSnapshot)offer.Snapshot).Jobs]);
        Recover<JobSubmitted>(Apply);
        Recover<JobClosed>(Apply);
        Command<JobSubmitted>(e => Persist(e, saved =>
        {
            Apply(saved);
            Sender.Tell(saved);
            SnapshotWhenDue();
        }));
        Command<JobClosed>(e => Persist(e, saved =>
        {
            Apply(saved);
            Sender.Tell(saved);
            SnapshotWhenDue();
        }));
        Command<SaveSnapshotSuccess>(ok =>
        {
            DeleteMessages(ok.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(ok.Metadata.SequenceNr - 1));
        });
        // The next one retries; meanwhile recovery replays a few more events.
        Command<SaveSnapshotFailure>(f => Context.GetLogger().Warning(f.Cause, "job index: snapshot failed"));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => Context.GetLogger().Warning(f.Cause, "job index: deleting old events failed"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
        Command<FindUnfinishedJob>(q => Sender.Tell(new UnfinishedJob(
            _jobs.LastOrDefault(j => j.Closed is null && j.Job.ConfigDigest == q.ConfigDigest)?.Job)));
        Command<ListJobs>(_ => Sender.Tell(new JobList(_jobs)));
    }

    public override string PersistenceId => "job-index";

    private void SnapshotWhenDue()
    {
        if (LastSequenceNr % SnapshotEvery == 0)
        {
            _jobs = [.. Trimmed(_jobs)];
            SaveSnapshot(new JobIndexSnapshot(_jobs));
        }
    }

    /// <summary>All unfinished jobs and the newest <see cref="KeepFinished"/> finished ones, in submission order.</summary>
    public static IReadOnlyList<JobSummary> Trimmed(IReadOnlyList<JobSummary> jobs)
    {
        var finished = jobs.Where(j => j.Closed is not null).ToList();
        if (finished.Count <= KeepFinished)
        {
            return jobs;
        }

        var kept = finished.Skip(finished.Count - KeepFinished).Select(j => j.Job.JobId).ToHashSet(StringComparer.Ordinal);
        return [.. jobs.Where(j => j.Closed is null || kept.Contains(j.Job.JobId))];
    }

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
