using Akka.Actor;
using Akka.Event;
using FluxMirror.Actors.Jobs;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Actors.JobManagement;

/// <summary>
/// A cluster job's events for its followers (a CLI after submitting, an HTTP client, a reconnect). The hub keeps no
/// history: a follower first gets a catch-up the report aggregator derives from the job's state (every plan and row
/// once, in order), then the live events relayed since. Each follower has a window of <see cref="Window"/> events in
/// flight and acknowledges what it hands on (<see cref="FollowAck"/>); live events wait at the hub meanwhile, and a
/// follower more than <see cref="MaxBacklog"/> events behind is dropped (<see cref="FollowDropped"/>) and may follow
/// again. Tells its parent when the job finished and stays a while for late followers, keeping the aggregator (the
/// catch-up's source) alive as long. A job that failed to start has no aggregator: its hub only holds the
/// <see cref="JobFinished"/> that carries the reason.
/// </summary>
/// <remarks>
/// A hub that fails is restarted with its aggregator and report carried over; its followers are dropped with a reason
/// (their cursors are what failed, perhaps) and follow again, catching up from the aggregator as any late follower.
/// </remarks>
public sealed class JobEventHub : ReceiveActor, IWithUnboundedStash
{
    /// <summary>Events in flight to one follower before it acknowledges some.</summary>
    public const int Window = 256;

    /// <summary>Live events queued for one follower; one more and it is dropped.</summary>
    public const int MaxBacklog = 4096;

    private static readonly TimeSpan KeepAfterFinish = TimeSpan.FromMinutes(5);
    private readonly string _jobId;
    private readonly Dictionary<IActorRef, FollowerCursor> _followers = [];
    private IActorRef? _aggregator;
    private JobFinished? _finished;

    public JobEventHub(string jobId)
    {
        _jobId = jobId;
        Running();
    }

    public IStash Stash { get; set; } = null!;

    protected override void PreRestart(Exception reason, object message)
    {
        Context.GetLogger().Error(reason, "job {0}: the event hub failed on a {1}; it restarts and its followers follow again", _jobId, message?.GetType().Name ?? "message");
        foreach (var follower in _followers.Keys)
        {
            follower.Tell(new FollowDropped(_jobId, "the job's event hub restarted; follow it again"));
        }

        // Queued behind whatever waits in the mailbox; the restarted hub holds those until it has this.
        Self.Tell(new CarriedOver(_aggregator, _finished));
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason) => Become(() =>
    {
        Receive<CarriedOver>(carried =>
        {
            Become(Running);
            if (carried.Aggregator is { } aggregator)
            {
                Attached(aggregator);
            }

            if (carried.Finished is { } finished)
            {
                _finished = finished;
                Context.SetReceiveTimeout(KeepAfterFinish);
            }

            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
    });

    private void Running()
    {
        Receive<Attach>(attach => Attached(attach.Aggregator));
        Receive<FollowJob>(_ => Follow(Sender));
        Receive<CatchUp>(OnCatchUp);
        Receive<FollowAck>(ack => Update(Sender, cursor => cursor.Acknowledged(ack.Count)));
        Receive<JobRecovered>(Relay);
        Receive<EntryPlanned>(Relay);
        Receive<TagRowFinished>(Relay);
        Receive<JobProgress>(Relay);
        Receive<JobFinished>(finished =>
        {
            _finished = finished;
            Relay(finished);
            Context.Parent.Tell(finished);
            Context.SetReceiveTimeout(KeepAfterFinish);
        });
        Receive<Terminated>(t =>
        {
            if (t.ActorRef.Equals(_aggregator))
            {
                AggregatorGone();
            }
            else
            {
                _followers.Remove(t.ActorRef);
            }
        });
        Receive<ReceiveTimeout>(_ =>
        {
            _aggregator?.Tell(PoisonPill.Instance);
            Context.Stop(Self);
        });
        Receive<GetBacklog>(_ => Sender.Tell(_followers.Values.Sum(c => c.Queued)));
    }

    private void Attached(IActorRef aggregator)
    {
        Context.Watch(aggregator);
        _aggregator = aggregator;
    }

    /// <summary>The job's report aggregator, told by the job manager right after it starts the job's actors.</summary>
    public sealed record Attach(IActorRef Aggregator);

    /// <summary>Asks how many live events the hub holds for its followers (answered with an int).</summary>
    public sealed record GetBacklog
    {
        public static GetBacklog Instance { get; } = new();
    }

    /// <summary>What a failed hub had, for the hub that replaces it.</summary>
    private sealed record CarriedOver(IActorRef? Aggregator, JobFinished? Finished);

    private void Follow(IActorRef follower)
    {
        if (_aggregator is null)
        {
            // The job failed to start (or its aggregator is gone): the report with the reason is all there is.
            follower.Tell(_finished ?? (object)new JobRejected($"job {_jobId} is not running"));
            return;
        }

        if (!_followers.TryAdd(follower, FollowerCursor.Waiting(Window)))
        {
            return;
        }

        Context.Watch(follower);
        _aggregator.Tell(new CatchUpRequest(follower));
    }

    // Followers still waiting for a catch-up would wait forever: end their streams (with the report if there is one).
    private void AggregatorGone()
    {
        _aggregator = null;
        foreach (var (follower, _) in _followers.Where(f => f.Value.IsWaiting).ToList())
        {
            follower.Tell(_finished ?? (object)new FollowDropped(_jobId, "the job's report aggregator stopped; follow it again"));
            Forget(follower);
        }
    }

    private void OnCatchUp(CatchUp catchUp) => Update(catchUp.Follower, cursor => cursor.Start(catchUp.Events));

    private void Relay(IWithJobId evt)
    {
        foreach (var follower in _followers.Keys.ToList())
        {
            Update(follower, cursor => cursor.Enqueue(evt));
        }
    }

    // Applies a change to one follower's cursor, then sends what its credit allows, or drops it if it fell too far behind.
    private void Update(IActorRef follower, Func<FollowerCursor, FollowerCursor> change)
    {
        if (!_followers.TryGetValue(follower, out var cursor))
        {
            return;
        }

        cursor = change(cursor);
        if (cursor.Queued > MaxBacklog)
        {
            Drop(follower);
            return;
        }

        (cursor, var send) = cursor.Drain();
        _followers[follower] = cursor;
        foreach (var evt in send)
        {
            follower.Tell(evt);
            if (evt is JobFinished)
            {
                // The report is the end of a follower's stream.
                Forget(follower);
            }
        }
    }

    private void Drop(IActorRef follower)
    {
        Context.GetLogger().Warning("job {JobId}: a follower fell more than {MaxBacklog} events behind and was dropped; it may follow again", _jobId, MaxBacklog);
        follower.Tell(new FollowDropped(_jobId, $"fell more than {MaxBacklog} events behind the job; follow it again to catch up"));
        Forget(follower);
    }

    private void Forget(IActorRef follower)
    {
        _followers.Remove(follower);
        Context.Unwatch(follower);
    }
}
