using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence;
using FluxMirror.Domain.GoCompat;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Actors.Jobs;

/// <summary>
/// The journaled list of jobs: which config each ran and whether it ended. A rerun of the same config asks
/// it for the unfinished job to resume; <c>job list</c> reads it. Every run adds two events, and a CronJob
/// runs thousands: a snapshot every <see cref="SnapshotEvery"/> events (older events and snapshots deleted)
/// keeps start-up from replaying them all.
/// <para>
/// Finished jobs do not stay forever: a sweep (at start, then every half retention, at most hourly, and on
/// <see cref="SweepExpiredJobs"/>) deletes the journals of the jobs finished longer ago than the retention
/// (<c>FLUX_MIRROR_JOB_RETENTION</c>) and of the finished jobs beyond the newest <see cref="KeepFinished"/>, then
/// journals <see cref="JobsExpired"/> and forgets them. Unfinished jobs are always kept.
/// </para>
/// </summary>
public sealed class JobIndexActor : ReceivePersistentActor, IWithTimers
{
    public const int SnapshotEvery = 100;
    public const int KeepFinished = 500;
    public const string RetentionVariable = "FLUX_MIRROR_JOB_RETENTION";
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(7);

    // Jobs erased per sweep: bounds the sweep's work and its event; the next sweep follows at once when more are due.
    private const int SweepBatch = 100;
    private static readonly TimeSpan EraseTimeout = TimeSpan.FromSeconds(60);
    private readonly TimeSpan _retention;
    private readonly List<IActorRef> _sweepWaiters = [];
    private ImmutableList<JobSummary> _jobs = [];
    private bool _sweeping;

    /// <param name="retention">How long a finished job's journal is kept; <see cref="DefaultRetention"/> unless given.</param>
    public JobIndexActor(TimeSpan? retention = null)
    {
        _retention = retention ?? DefaultRetention;
        Recover<SnapshotOffer>(offer =>
        {
            _jobs = [.. ((JobIndexSnapshot)offer.Snapshot).Jobs];
            JobMetrics.PublishJobs(this, _jobs);
        });
        Recover<JobSubmitted>(Apply);
        Recover<JobClosed>(Apply);
        Recover<JobsExpired>(Apply);
        Recover<RecoveryCompleted>(_ =>
            Timers.StartPeriodicTimer(SweepTick.Instance, SweepTick.Instance, TimeSpan.Zero, SweepInterval(_retention)));
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
        Command<SweepTick>(_ => Sweep());
        Command<SweepExpiredJobs>(_ =>
        {
            _sweepWaiters.Add(Sender);
            Sweep();
        });
        Command<JournalEraser.Erased>(erased => Persist(new JobsExpired((IReadOnlyList<string>)erased.Tag, DateTimeOffset.UtcNow), Forgot));
        Command<JournalEraser.Failed>(failed =>
        {
            // Kept in the index: the next sweep tries again.
            Context.GetLogger().Warning("job index: deleting the journals of {0} expired jobs failed: {1}", ((IReadOnlyList<string>)failed.Tag).Count, failed.Reason);
            EndSweep(0);
        });
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

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The retention from <c>FLUX_MIRROR_JOB_RETENTION</c> (a Go duration greater than 0), else <see cref="DefaultRetention"/>.</summary>
    public static TimeSpan RetentionFrom(Func<string, string?> getEnv)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        var text = getEnv(RetentionVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultRetention;
        }

        return GoDuration.TryParse(text.Trim(), out var retention) && retention > TimeSpan.Zero
            ? retention
            : throw new ArgumentException($"{RetentionVariable} must be a duration greater than 0 such as 168h, got \"{text}\"");
    }

    /// <summary>How often the index sweeps: half the retention, between a second and an hour.</summary>
    public static TimeSpan SweepInterval(TimeSpan retention) =>
        TimeSpan.FromTicks(Math.Clamp(retention.Ticks / 2, TimeSpan.TicksPerSecond, TimeSpan.TicksPerHour));

    /// <summary>The finished jobs whose journals are due for deletion at <paramref name="now"/>, oldest first: finished
    /// longer ago than <paramref name="retention"/>, or older than the newest <see cref="KeepFinished"/> finished ones.</summary>
    public static IReadOnlyList<string> Expired(IReadOnlyList<JobSummary> jobs, DateTimeOffset now, TimeSpan retention)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var kept = Trimmed(jobs).Select(j => j.Job.JobId).ToHashSet(StringComparer.Ordinal);
        return [.. jobs
            .Where(j => j.Closed is { } closed && (closed.ClosedAt + retention <= now || !kept.Contains(j.Job.JobId)))
            .Select(j => j.Job.JobId)];
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

    // One sweep at a time; a request during one is answered when it ends.
    private void Sweep()
    {
        if (_sweeping)
        {
            return;
        }

        var expired = Expired(_jobs, DateTimeOffset.UtcNow, _retention).Take(SweepBatch).ToList();
        if (expired.Count == 0)
        {
            EndSweep(0);
            return;
        }

        _sweeping = true;
        var ids = expired.SelectMany(JobIds.PersistenceIdsOf).ToList();
        Context.ActorOf(Props.Create(() => new JournalEraser(ids, expired, EraseTimeout)));
    }

    private void Forgot(JobsExpired expired)
    {
        Apply(expired);
        EndSweep(expired.JobIds.Count);
        SnapshotWhenDue();
        if (expired.JobIds.Count == SweepBatch)
        {
            Self.Tell(SweepTick.Instance);
        }
    }

    private void EndSweep(int forgotten)
    {
        _sweeping = false;
        foreach (var waiter in _sweepWaiters)
        {
            waiter.Tell(new ExpiredJobsSwept(forgotten));
        }

        _sweepWaiters.Clear();
    }

    private void SnapshotWhenDue()
    {
        if (LastSequenceNr % SnapshotEvery == 0)
        {
            SaveSnapshot(new JobIndexSnapshot(_jobs));
        }
    }

    protected override void PostStop()
    {
        JobMetrics.ForgetJobs(this);
        base.PostStop();
    }

    private void Apply(JobSubmitted e)
    {
        _jobs = _jobs.Add(new JobSummary(e, null));
        JobMetrics.PublishJobs(this, _jobs);
    }

    private void Apply(JobClosed e)
    {
        var index = _jobs.FindIndex(j => j.Job.JobId == e.JobId);
        if (index >= 0)
        {
            _jobs = _jobs.SetItem(index, _jobs[index] with { Closed = e });
            JobMetrics.PublishJobs(this, _jobs);
        }
    }

    private void Apply(JobsExpired e)
    {
        var gone = e.JobIds.ToHashSet(StringComparer.Ordinal);
        _jobs = _jobs.RemoveAll(j => gone.Contains(j.Job.JobId));
        JobMetrics.PublishJobs(this, _jobs);
    }

    private sealed class SweepTick
    {
        public static readonly SweepTick Instance = new();
    }
}

/// <summary>Asks the job index to delete the journals of expired jobs now; answered with <see cref="ExpiredJobsSwept"/>
/// once the sweep (this one or the one already running) has ended. Local only: the embedded run asks it before it stops.</summary>
public sealed class SweepExpiredJobs
{
    public static readonly SweepExpiredJobs Instance = new();
}

/// <param name="Forgotten">Jobs whose journals the sweep deleted (0 when none was due or the deletion failed).</param>
public sealed record ExpiredJobsSwept(int Forgotten);

/// <summary>Registry key of the job index.</summary>
public sealed class JobIndex
{
}

public static class JobIndexRegistration
{
    /// <param name="retention">How long finished jobs' journals are kept; <see cref="JobIndexActor.DefaultRetention"/> unless given.</param>
    public static AkkaConfigurationBuilder AddJobIndex(this AkkaConfigurationBuilder builder, TimeSpan? retention = null) =>
        builder.WithActors((system, registry) => registry.Register<JobIndex>(system.ActorOf(JournalSupervisor.Props(Props.Create(() => new JobIndexActor(retention)), "index"), "job-index")));
}
