using Akka.Actor;
using Akka.Event;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Actors.Jobs;

/// <summary>
/// Collects a job's plans and rows, streams them with progress to every follower, and builds the report
/// when the coordinator says the job is complete. Its state is also what a late follower of a cluster job catches up
/// from (<see cref="CatchUpRequest"/>), so nobody else keeps the job's event history.
/// </summary>
/// <remarks>
/// A failure (the memory to build a large report, a message it cannot fold) restarts it, and the restarted aggregator
/// must not start from nothing: followers would see progress fall to zero and the report would miss every earlier row,
/// or never come if the failure was on the completion (the job coordinator has stopped by then). So it carries what it
/// had published over the restart, re-reads the job's journal, which holds every event it was ever sent, publishes what
/// its followers were not shown (the event it failed on, at least), and holds other messages until then.
/// </remarks>
public sealed class ReportAggregatorActor : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    // The journal replay after a restart; one that takes longer is given up and the carried state goes on alone.
    private static readonly TimeSpan ReplayBound = TimeSpan.FromSeconds(60);

    // A failure that recurs on every restart (a report that cannot be built) retries ever more slowly, not in a hot loop.
    private static readonly TimeSpan MaxReplayDelay = TimeSpan.FromSeconds(30);

    private readonly string _jobId;
    private readonly int _entryCount;
    private readonly string _reporter;
    private readonly HashSet<IActorRef> _followers = [];
    private JobState _state;
    private JobRecovered? _recovered;
    private bool _published;
    private JobFinished? _finished;
    private int _restarts;

    public ReportAggregatorActor(string jobId, int entryCount, string reporter, IActorRef? follower = null)
    {
        _jobId = jobId;
        _entryCount = entryCount;
        if (follower is not null)
        {
            _followers.Add(follower);
        }

        _reporter = reporter;
        _state = JobState.Empty(entryCount);
        Running();
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    // Progress from the start, before anything is planned, and in every catch-up from then on: a follower (the
    // cluster's event hub, and through it an HTTP follower) has an answer at once, which tells it the job is alive
    // even while planning takes a while.
    protected override void PreStart()
    {
        _published = true;
        foreach (var f in _followers)
        {
            f.Tell(_state.Progress(_jobId));
        }
    }

    protected override void PreRestart(Exception reason, object message)
    {
        // The message's type only: its data may be a whole report.
        Context.GetLogger().Error(reason, "job {0}: the report aggregator failed on a {1}; it restarts and re-reads the job's journal", _jobId, message?.GetType().Name ?? "message");

        // Queued behind whatever waits in the mailbox, so the restarted instance gets it before its replay's answer.
        // The state is immutable: it is what was published before the failure, never a half-applied event.
        Self.Tell(new CarriedOver(_followers.ToList(), _state, _recovered, _finished, _restarts + 1));
        base.PreRestart(reason, message);
    }

    // Not PreStart: a restarted aggregator announces nothing until it knows the job's state again.
    protected override void PostRestart(Exception reason) => Become(Resyncing);

    private void Running()
    {
        Receive<FollowJob>(_ => Follow(Sender));
        Receive<CatchUpRequest>(request =>
            Sender.Tell(new CatchUp(request.Follower, JobCatchUp.Events(_jobId, _state, _recovered, _published, _finished))));
        Receive<EntryPlanned>(Publish);
        Receive<TagRowFinished>(Publish);
        Receive<JobCompleted>(Complete);
        Receive<JobRecovered>(recovered =>
        {
            // Rows finished before a restart belong to the report but are not shown again as live lines.
            _state = JobState.From(_entryCount, recovered.Plans, recovered.Rows);
            _recovered ??= recovered;
            _published = true;
            foreach (var f in _followers)
            {
                f.Tell(recovered);
                f.Tell(_state.Progress(_jobId));
            }
        });
        Receive<CarriedOver>(_ => { });
        Receive<JournalReplayed>(_ => { });
    }

    private void Resyncing()
    {
        Receive<CarriedOver>(carried =>
        {
            _restarts = carried.Restarts;
            _state = carried.State;
            _recovered = carried.Recovered;
            _finished = carried.Finished;
            _published = true;
            foreach (var f in carried.Followers.Where(_followers.Add))
            {
                Context.Watch(f);
            }

            var delay = ReplayDelay(carried.Restarts);
            if (delay == TimeSpan.Zero)
            {
                Replay(new StartReplay(carried.Restarts));
            }
            else
            {
                Timers.StartSingleTimer("replay", new StartReplay(carried.Restarts), delay);
            }
        });
        Receive<StartReplay>(Replay);
        Receive<JournalReplayed>(replayed => replayed.Round == _restarts, Resynced);
        Receive<JournalReplayed>(_ => { });
        ReceiveAny(_ => Stash.Stash());
    }

    private static TimeSpan ReplayDelay(int restarts) =>
        restarts <= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, restarts - 2), MaxReplayDelay.TotalSeconds));

    private void Replay(StartReplay start) =>
        JobJournalReader.ReadStateAsync(Context, _jobId, _entryCount, ReplayBound, CancellationToken.None).PipeTo(
            Self,
            success: state => new JournalReplayed(start.Round, state, null),
            failure: ex => new JournalReplayed(start.Round, null, ex));

    private void Resynced(JournalReplayed replayed)
    {
        Become(Running);
        if (replayed.State is not { } journal)
        {
            Context.GetLogger().Warning("job {0}: the report aggregator could not re-read the job's journal ({1}); it goes on from what it had published", _jobId, replayed.Error?.GetBaseException().GetType().Name);
            Stash.UnstashAll();
            return;
        }

        // What the journal has and the followers were not shown: the event the aggregator failed on, at least.
        foreach (var plan in journal.OrderedPlans())
        {
            Publish(new EntryPlanned(_jobId, plan));
        }

        foreach (var row in journal.OrderedRows())
        {
            Publish(row);
        }

        if (journal.Completed is { } completed)
        {
            Complete(completed);
        }

        Stash.UnstashAll();
    }

    private void Follow(IActorRef follower)
    {
        if (_finished is not null)
        {
            follower.Tell(_finished);
            return;
        }

        _followers.Add(follower);
        Context.Watch(follower);
    }

    private void Publish(IWithJobId evt)
    {
        var next = _state.Apply(evt);
        if (ReferenceEquals(next, _state))
        {
            // Already folded and shown: after a restart the journal and the mailbox may both hold it.
            return;
        }

        _state = next;
        _published = true;
        foreach (var f in _followers)
        {
            f.Tell(evt);
            f.Tell(_state.Progress(_jobId));
        }
    }

    private void Complete(JobCompleted completed)
    {
        if (_finished is not null)
        {
            return;
        }

        _state = _state.Apply(completed);
        _finished = new JobFinished(_jobId, _state.Report(_reporter));
        foreach (var f in _followers)
        {
            f.Tell(_finished);
        }
    }

    /// <summary>What a failed instance had published, for the instance that replaces it.</summary>
    private sealed record CarriedOver(IReadOnlyList<IActorRef> Followers, JobState State, JobRecovered? Recovered, JobFinished? Finished, int Restarts);

    private sealed record StartReplay(int Round);

    /// <summary>The journal's state after the restart numbered <paramref name="Round"/>, or why it could not be read.</summary>
    private sealed record JournalReplayed(int Round, JobState? State, Exception? Error);
}
