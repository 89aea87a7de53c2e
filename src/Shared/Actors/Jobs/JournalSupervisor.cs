using Akka.Actor;
using Akka.Event;

namespace FluxMirror.Actors.Jobs;

/// <summary>
/// Keeps a journaled actor alive across an unreachable database. A persistent actor whose journal write or
/// recovery fails stops itself (Akka.Persistence's rule: its state can no longer be trusted); this parent
/// starts it again with exponential backoff, so it recovers from the journal once the database is back and
/// the job pauses instead of dying. A child that ends on purpose says <see cref="ChildFinished"/> first.
/// Everything else sent here goes to the current child, with the original sender; while the child is down
/// it waits here (a follower or a worker's question is answered once the child is back, not lost).
/// </summary>
public sealed class JournalSupervisor : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    public static TimeSpan MinBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public static TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    private readonly Props _childProps;
    private readonly string _childName;
    private IActorRef? _child;
    private DateTimeOffset _startedAt;
    private int _restarts;
    private bool _finished;

    public JournalSupervisor(Props childProps, string childName)
    {
        _childProps = childProps;
        _childName = childName;
        Receive<ChildFinished>(_ => _finished = Sender.Equals(_child));
        Receive<Terminated>(t => t.ActorRef.Equals(_child), _ => OnChildStopped());
        Receive<StartChild>(_ => StartChildActor());
        ReceiveAny(message =>
        {
            if (_child is null)
            {
                Stash.Stash();
            }
            else
            {
                _child.Forward(message);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    public static Props Props(Props child, string childName) => Akka.Actor.Props.Create(() => new JournalSupervisor(child, childName));

    protected override void PreStart() => StartChildActor();

    private void StartChildActor()
    {
        _startedAt = DateTimeOffset.UtcNow;
        _child = Context.Watch(Context.ActorOf(_childProps, _childName));
        Stash.UnstashAll();
    }

    private void OnChildStopped()
    {
        _child = null;
        if (_finished)
        {
            Context.Stop(Self);
            return;
        }

        // A child that ran a good while before stopping starts a new series of short backoffs.
        if (DateTimeOffset.UtcNow - _startedAt > MaxBackoff)
        {
            _restarts = 0;
        }

        var delay = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, MinBackoff.Ticks << Math.Min(_restarts, 20)));
        _restarts++;
        Context.GetLogger().Warning("{0} stopped (journal unavailable?); starting it again in {1:0.#} s", Self.Path.Name, delay.TotalSeconds);
        Timers.StartSingleTimer("start", StartChild.Instance, delay);
    }

    /// <summary>Sent by the child to its supervisor just before it stops on purpose.</summary>
    public sealed class ChildFinished
    {
        public static ChildFinished Instance { get; } = new();

        private ChildFinished()
        {
        }
    }

    private sealed class StartChild
    {
        public static StartChild Instance { get; } = new();
    }
}
