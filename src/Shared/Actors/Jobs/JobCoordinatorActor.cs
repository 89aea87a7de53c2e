using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Actors.Jobs;

/// <summary>
/// Drives one job and journals it: plans entries one after another (planning the next while earlier tags
/// copy), keeps at most --concurrency tag copies per worker node in flight, owns retries, backoff and the budget of each tag copy
/// (delivery to workers is at most once, so a lost answer is a timed-out attempt), and persists every plan
/// and final row before reporting it. Restarted with the same job id it recovers from the journal and runs
/// only what had not finished.
/// </summary>
public sealed class JobCoordinatorActor : ReceivePersistentActor, IWithTimers
{
    // A worker that never answers (lost message, dead node) is detected after its budget plus this grace.
    private static readonly TimeSpan AnswerGrace = TimeSpan.FromSeconds(10);

    // The worker of a row decided at plan time: the planner, wherever the job is coordinated.
    private const string PlannerWorker = "planner";

    // The worker of a row an operator's cancel ended: no worker ran it to the end.
    private const string CancelledWorker = "cancelled";

    private readonly string _jobId;
    private readonly IJobPlanner _planner;
    private readonly JobOptions _options;
    private readonly IActorRef _tagRegion;
    private readonly IActorRef _aggregator;
    private readonly IWorkerCapacity _capacity;
    private readonly JobCoordinatorSettings _settings;
    private readonly Queue<TagCopySpec> _pending = new();
    private readonly Dictionary<(int Entry, int Tag), TagAttemptTracker> _inFlight = [];
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private readonly CancellationTokenSource _planning = new();
    private JobState _state;
    private readonly HashSet<(int Entry, int Tag)> _interrupted = [];
    private int _nextEntry;
    private SnapshotCadence _cadence = SnapshotCadence.Start;
    private int _persisting;
    private bool _planInProgress;
    private bool _completing;

    public JobCoordinatorActor(string jobId, IJobPlanner planner, JobOptions options, IActorRef tagRegion, IActorRef aggregator, IWorkerCapacity capacity, JobCoordinatorSettings settings)
    {
        _capacity = capacity;
        _settings = settings;
        _jobId = jobId;
        _planner = planner;
        _options = options;
        _tagRegion = tagRegion;
        _aggregator = aggregator;
        _state = JobState.Empty(planner.EntryCount);

        // One fold for snapshots and events alike: JobState.Apply knows every journaled type.
        Recover<SnapshotOffer>(offer =>
        {
            _state = _state.Apply(offer.Snapshot);
            _cadence = _cadence.Apply(offer.Snapshot);
        });
        Recover<IWithJobId>(e =>
        {
            _state = _state.Apply(e);
            _cadence = _cadence.Apply(e);
        });
        Recover<RecoveryCompleted>(_ => Resume());

        Command<EntryPlanned>(OnPlanned);
        Command<TagAttemptSucceeded>(OnSucceeded);
        Command<TagAttemptFailed>(OnFailed);
        Command<RetryDue>(due =>
        {
            if (_state.Cancelled is null)
            {
                Dispatch(due.Tracker);
            }
        });
        Command<CancelJob>(OnCancel);
        Command<Redeliver>(OnRedeliver);
        Command<AnswerOverdue>(OnOverdue);
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => Context.GetLogger().Warning(f.Cause, "job {JobId}: snapshot failed; recovery will replay more events", _jobId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => JobIds.PersistenceId(_jobId);

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PostStop()
    {
        _planning.Cancel();
        _planning.Dispose();
        base.PostStop();
    }

    private void Resume()
    {
        if (!_state.Plans.IsEmpty)
        {
            _aggregator.Tell(new JobRecovered(_jobId, _state.OrderedPlans(), _state.OrderedRows()));
        }

        _interrupted.UnionWith(_state.InterruptedTags());
        _nextEntry = _state.NextEntryToPlan;
        foreach (var copy in _state.Unfinished())
        {
            _pending.Enqueue(copy);
        }

        if (_state.Cancelled is { } cancelled)
        {
            // Cancelled before the crash: finish the cancel, never run on.
            CancelRemaining(cancelled);
            return;
        }

        FillSlots();
        PlanNext();
    }

    private void OnCancel(CancelJob cancel)
    {
        if (_state.Cancelled is not null || _completing)
        {
            Sender.Tell(new JobCancelAnswered(_jobId, AlreadyEnding: true));
            return;
        }

        var requester = Sender;
        Persist(new JobCancelled(_jobId, cancel.Reason, DateTimeOffset.UtcNow), e =>
        {
            Journaled(e);
            requester.Tell(new JobCancelAnswered(_jobId, AlreadyEnding: false));
            Context.GetLogger().Warning("job {0} cancelled: {1}", _jobId, e.Reason);
            CancelRemaining(e);
        });
    }

    /// <summary>
    /// Ends a cancelled job with every row it still owes: tags in flight or waiting are reported failed with the
    /// reason (a copy already running on a worker finishes there, and its answer is ignored), entries not planned yet
    /// are reported as such, then the job completes as any other.
    /// </summary>
    private void CancelRemaining(JobCancelled cancelled)
    {
        _planning.Cancel();
        var error = CancelError(cancelled);
        foreach (var tracker in _inFlight.Values.ToList())
        {
            var key = (tracker.Copy.EntryIndex, tracker.Copy.TagIndex);
            Timers.Cancel(TimerKey(key));
            Timers.Cancel(RedeliverKey(key));
            _inFlight.Remove(key);
            JournalRow(tracker.Copy, tracker.Started, TagAttemptResult.FailedRow(tracker.Copy.Tag, error, null) with { Verification = tracker.Copy.Verification }, CancelledWorker, 0);
        }

        while (_pending.TryDequeue(out var copy))
        {
            var row = copy.Decided ?? TagAttemptResult.FailedRow(copy.Tag, error, null) with { Verification = copy.Verification };
            JournalRow(copy, DateTimeOffset.UtcNow, row, copy.Decided is null ? CancelledWorker : PlannerWorker, 0);
        }

        // A plan under way comes back (cancelled) through OnPlanned, which cancels what it holds.
        if (!_planInProgress && _nextEntry < _planner.EntryCount)
        {
            var unplanned = Enumerable.Range(_nextEntry, _planner.EntryCount - _nextEntry)
                .Select(i => new EntryPlanned(_jobId, new EntryPlan(_planner.Describe(i), [], error)))
                .ToList();
            _nextEntry = _planner.EntryCount;
            PersistAll(unplanned, e =>
            {
                Journaled(e);
                _aggregator.Tell(e);
                CompleteIfDone();
            });
        }

        CompleteIfDone();
    }

    private static string CancelError(JobCancelled cancelled) => "job cancelled: " + cancelled.Reason;

    private void PlanNext()
    {
        if (_planInProgress || _nextEntry >= _planner.EntryCount)
        {
            CompleteIfDone();
            return;
        }

        var index = _nextEntry++;
        _planInProgress = true;
        _planner.PlanAsync(index, _planning.Token).PipeTo(
            Self,
            success: plan => new EntryPlanned(_jobId, plan),
            failure: ex => new EntryPlanned(_jobId, new EntryPlan(new EntryRef(index, EntryKind.Artifact, "?", "?"), [], ex.GetBaseException().Message)));
    }

    private void OnPlanned(EntryPlanned planned)
    {
        // A plan cut short by the cancel says why in the cancel's words, not the planner's.
        if (_state.Cancelled is { } cancelled && planned.Plan.PlanError is not null)
        {
            planned = planned with { Plan = planned.Plan with { PlanError = CancelError(cancelled) } };
        }

        Persist(planned, e =>
        {
            _planInProgress = false;
            Journaled(e);
            _aggregator.Tell(e);
            foreach (var copy in e.Plan.Copies)
            {
                _pending.Enqueue(copy);
            }

            if (_state.Cancelled is { } cancel)
            {
                CancelRemaining(cancel);
                return;
            }

            FillSlots();
            PlanNext();
        });
    }

    private void FillSlots()
    {
        if (_state.Cancelled is not null)
        {
            return;
        }

        var firstDispatches = new List<TagDispatched>();
        var slots = _options.Concurrency * _capacity.Workers;
        while (_inFlight.Count < slots && _pending.TryDequeue(out var copy))
        {
            if (copy.Decided is { } decided)
            {
                // Decided at plan time (and journaled with the plan): reported in its turn, never run, never retried.
                JournalRow(copy, DateTimeOffset.UtcNow, decided, PlannerWorker, 0);
                continue;
            }

            if (!_state.Dispatched.Contains((copy.EntryIndex, copy.TagIndex)))
            {
                firstDispatches.Add(new TagDispatched(_jobId, copy.EntryIndex, copy.TagIndex));
            }

            Dispatch(TagAttemptTracker.Start(copy, DateTimeOffset.UtcNow, _options.Timeout));
        }

        if (firstDispatches.Count > 0)
        {
            PersistAllAsync(firstDispatches, Journaled);
        }
    }

    private void Dispatch(TagAttemptTracker tracker)
    {
        var key = (tracker.Copy.EntryIndex, tracker.Copy.TagIndex);
        _inFlight[key] = tracker;
        var budget = tracker.Remaining(DateTimeOffset.UtcNow);
        _tagRegion.Tell(new RunTagAttempt(_jobId, tracker.Copy, tracker.Attempt, budget));
        Timers.StartSingleTimer(TimerKey(key), new AnswerOverdue(key.Item1, key.Item2, tracker.Attempt), budget + AnswerGrace);
        Timers.StartPeriodicTimer(RedeliverKey(key), new Redeliver(key.Item1, key.Item2, tracker.Attempt), _settings.RedeliverEvery);
    }

    private void OnRedeliver(Redeliver redeliver)
    {
        if (IsCurrent(redeliver.EntryIndex, redeliver.TagIndex, redeliver.Attempt, out var tracker))
        {
            // The first delivery may have died with its worker after copying: treat it like a crash.
            _interrupted.Add((redeliver.EntryIndex, redeliver.TagIndex));
            _tagRegion.Tell(new RunTagAttempt(_jobId, tracker.Copy, tracker.Attempt, tracker.Remaining(DateTimeOffset.UtcNow)));
        }
        else
        {
            Timers.Cancel(RedeliverKey((redeliver.EntryIndex, redeliver.TagIndex)));
        }
    }

    private void OnSucceeded(TagAttemptSucceeded msg)
    {
        if (IsCurrent(msg.EntryIndex, msg.TagIndex, msg.Attempt, out var tracker))
        {
            Finish(tracker, InterruptedCopy(tracker.Copy, msg.Result).ToRow(tracker.Copy.Tag), msg.Worker, msg.Result.BytesUploaded);
        }
    }

    private void OnFailed(TagAttemptFailed msg)
    {
        if (IsCurrent(msg.EntryIndex, msg.TagIndex, msg.Attempt, out var tracker))
        {
            Retry(tracker, msg.Error, msg.DeadlineExceeded, msg.Worker, msg.Partial);
        }
    }

    private void OnOverdue(AnswerOverdue overdue)
    {
        if (IsCurrent(overdue.EntryIndex, overdue.TagIndex, overdue.Attempt, out var tracker))
        {
            _interrupted.Add((overdue.EntryIndex, overdue.TagIndex));
            Retry(tracker, "context deadline exceeded", deadlineExceeded: true, worker: "unknown");
        }
    }

    private void Retry(TagAttemptTracker tracker, string error, bool deadlineExceeded, string worker, TagAttemptResult? partial = null)
    {
        var decision = tracker.OnFailure(error, deadlineExceeded, _options.Retries, DateTimeOffset.UtcNow);
        if (decision.Retry)
        {
            var key = (tracker.Copy.EntryIndex, tracker.Copy.TagIndex);
            _inFlight[key] = decision.Next!;
            Timers.Cancel(RedeliverKey(key));
            Timers.StartSingleTimer(TimerKey(key), new RetryDue(decision.Next!), decision.Delay);
            return;
        }

        // The last attempt's partial result (digest, referrer rows) stays on the failed row, as in the reference.
        Finish(tracker, TagAttemptResult.FailedRow(tracker.Copy.Tag, decision.FinalError!, partial), worker, 0);
    }

    // A tag a crashed run (or a lost worker) had been handed and that now reads as up to date was copied by
    // that attempt: report the copy, so the job reports what it did, not what the destination looks like after.
    private TagAttemptResult InterruptedCopy(TagCopySpec copy, TagAttemptResult result) =>
        _interrupted.Contains((copy.EntryIndex, copy.TagIndex)) && result.Status == TagStatus.Skipped && result.Reason == TagStatusNames.UpToDate
            ? result with { Status = TagStatus.Copied, Reason = null }
            : result;

    private bool IsCurrent(int entry, int tag, int attempt, out TagAttemptTracker tracker) =>
        _inFlight.TryGetValue((entry, tag), out tracker!) && tracker.Attempt == attempt;

    private void Finish(TagAttemptTracker tracker, TagResult row, string worker, long bytes)
    {
        var key = (tracker.Copy.EntryIndex, tracker.Copy.TagIndex);
        Timers.Cancel(TimerKey(key));
        Timers.Cancel(RedeliverKey(key));
        _inFlight.Remove(key);

        // The verification was decided at plan time; the row reports it whatever the copy did (failed rows too).
        JournalRow(tracker.Copy, tracker.Started, row with { Verification = tracker.Copy.Verification }, worker, bytes);
        FillSlots();
    }

    private void JournalRow(TagCopySpec copy, DateTimeOffset started, TagResult row, string worker, long bytes)
    {
        var finished = new TagRowFinished(_jobId, _state.Plans[copy.EntryIndex].Entry, copy, row, worker, bytes, DateTimeOffset.UtcNow - started);

        // PersistAsync: rows of concurrent tags are journaled in batches without stashing commands; a row is
        // reported only once it is durable, so a crash never loses a row that was shown.
        _persisting++;
        var written = JobMetrics.StartWrite();
        PersistAsync(finished, e =>
        {
            JobMetrics.RecordWrite("tag_row", written);
            JobMetrics.RecordTag(e.Row.Status);
            _persisting--;
            Journaled(e);
            _aggregator.Tell(e);
            CompleteIfDone();
        });
    }

    // Every journaled event folds into the state and the snapshot cadence alike, as on recovery.
    private void Journaled(IWithJobId e)
    {
        _state = _state.Apply(e);
        _cadence = _cadence.Apply(e);
        if (_cadence.Due)
        {
            var snapshot = _state.ToSnapshot(_jobId);
            SaveSnapshot(snapshot);
            _cadence = _cadence.Apply(snapshot);
        }
    }

    private void CompleteIfDone()
    {
        if (_completing || _nextEntry < _planner.EntryCount || _planInProgress || _inFlight.Count > 0 || _pending.Count > 0 || _persisting > 0)
        {
            return;
        }

        _completing = true;
        var written = JobMetrics.StartWrite();
        Persist(new JobCompleted(_jobId, _started, DateTimeOffset.UtcNow - _started), e =>
        {
            JobMetrics.RecordWrite("job_completed", written);
            _aggregator.Tell(e);
            Context.Parent.Tell(JournalSupervisor.ChildFinished.Instance);
            Context.Stop(Self);
        });
    }

    private static string TimerKey((int Entry, int Tag) key) => $"tag-{key.Entry}-{key.Tag}";

    private static string RedeliverKey((int Entry, int Tag) key) => $"redeliver-{key.Entry}-{key.Tag}";

    private sealed record RetryDue(TagAttemptTracker Tracker);

    private sealed record AnswerOverdue(int EntryIndex, int TagIndex, int Attempt);

    private sealed record Redeliver(int EntryIndex, int TagIndex, int Attempt);
}
