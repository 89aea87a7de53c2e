using Akka.Actor;
using FluxMirror.Shared.Protocol;

namespace FluxMirror.Worker.RateLimit;

/// <summary>
/// A node's side of the host budgets: hands out request permits to this node's HTTP calls from permits it
/// leased in batches from each host's limiter (so the limiter is not a round trip per request), honours
/// pauses the limiter broadcasts, and gives idle permits back.
/// </summary>
public sealed class HostGateActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan ReturnIdleAfter = TimeSpan.FromMilliseconds(250);

    // A lease request or its answer can be lost (the limiter's node died, a shard moved): ask again after this.
    private static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(3);
    private const int Prefetch = 2;
    private readonly IActorRef _limiters;
    private readonly Dictionary<string, HostSlot> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public HostGateActor(IActorRef limiters)
    {
        _limiters = limiters;
        Receive<Enter>(e =>
        {
            var slot = Slot(e.Host);
            slot.Waiters.Enqueue(e.Permit);
            Serve(e.Host, slot);
        });
        Receive<Exit>(e =>
        {
            var slot = Slot(e.Host);
            slot.Held--;
            slot.Available++;
            Serve(e.Host, slot);
        });
        Receive<Outcome>(o =>
        {
            var slot = Slot(o.Host);
            if (o.Ok)
            {
                slot.Succeeded++;
            }
            else
            {
                slot.Failed++;
            }
        });
        Receive<Throttled>(t =>
        {
            Pause(t.Host, DateTimeOffset.UtcNow + t.RetryAfter);
            _limiters.Tell(new HostThrottled(t.Host, t.RetryAfter));
        });
        Receive<HostPaused>(p => Pause(p.Host, p.Until));
        Receive<PermitsLeased>(l =>
        {
            var slot = Slot(l.Host);
            slot.LeaseOutstanding = false;
            Timers.Cancel("lease-" + l.Host);
            slot.Available += l.Count;
            if (l.PausedUntil is { } until)
            {
                Pause(l.Host, until);
            }

            Serve(l.Host, slot);
        });
        Receive<WakeUp>(w => Serve(w.Host, Slot(w.Host)));
        Receive<LeaseLost>(l =>
        {
            var slot = Slot(l.Host);
            slot.LeaseOutstanding = false;
            Serve(l.Host, slot);
        });
        Receive<ReturnIdle>(r => ReturnIdlePermits(r.Host, Slot(r.Host)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private HostSlot Slot(string host)
    {
        if (!_hosts.TryGetValue(host, out var slot))
        {
            _hosts[host] = slot = new HostSlot();
        }

        return slot;
    }

    private void Pause(string host, DateTimeOffset until)
    {
        var slot = Slot(host);
        if (until > slot.PausedUntil)
        {
            slot.PausedUntil = until;
        }

        var wait = slot.PausedUntil - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            Timers.StartSingleTimer("wake-" + host, new WakeUp(host), wait);
        }
    }

    private void Serve(string host, HostSlot slot)
    {
        if (DateTimeOffset.UtcNow < slot.PausedUntil)
        {
            return; // the wake-up timer serves the queue when the pause ends
        }

        while (slot.Waiters.Count > 0 && slot.Available > 0)
        {
            var waiter = slot.Waiters.Dequeue();
            if (waiter.Task.IsCompleted)
            {
                continue; // the caller gave up (cancelled) before it got a permit
            }

            slot.Available--;
            slot.Held++;
            if (!waiter.TrySetResult(new Permit(Self, host)))
            {
                slot.Available++;
                slot.Held--;
            }
        }

        if (slot.Waiters.Count > 0 && !slot.LeaseOutstanding)
        {
            slot.LeaseOutstanding = true;
            _limiters.Tell(new LeasePermits(host, slot.Waiters.Count + Prefetch));
            Timers.StartSingleTimer("lease-" + host, new LeaseLost(host), LeaseTimeout);
        }

        if (slot.Waiters.Count == 0 && slot.Available > 0)
        {
            Timers.StartSingleTimer("idle-" + host, new ReturnIdle(host), ReturnIdleAfter);
        }
    }

    private void ReturnIdlePermits(string host, HostSlot slot)
    {
        if (slot.Waiters.Count > 0 || slot.Available == 0)
        {
            return;
        }

        _limiters.Tell(new ReturnPermits(host, slot.Available, slot.Succeeded, slot.Failed));
        slot.Available = 0;
        slot.Succeeded = 0;
        slot.Failed = 0;
    }

    /// <summary>Local only (carries a TaskCompletionSource): never crosses nodes.</summary>
    public sealed record Enter(string Host, TaskCompletionSource<IDisposable> Permit);

    public sealed record Exit(string Host);

    public sealed record Outcome(string Host, bool Ok);

    public sealed record Throttled(string Host, TimeSpan RetryAfter);

    private sealed record WakeUp(string Host);

    private sealed record ReturnIdle(string Host);

    private sealed record LeaseLost(string Host);

    private sealed class HostSlot
    {
        public Queue<TaskCompletionSource<IDisposable>> Waiters { get; } = new();

        public int Available { get; set; }

        public int Held { get; set; }

        public int Succeeded { get; set; }

        public int Failed { get; set; }

        public bool LeaseOutstanding { get; set; }

        public DateTimeOffset PausedUntil { get; set; } = DateTimeOffset.MinValue;
    }

    private sealed class Permit(IActorRef gate, string host) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Tell(new Exit(host));
            }
        }
    }
}
