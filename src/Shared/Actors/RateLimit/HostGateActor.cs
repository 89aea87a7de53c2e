using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Routing;
using FluxMirror.Registry.Transport;

namespace FluxMirror.Actors.RateLimit;

/// <summary>
/// A node's side of the host budgets: hands out request permits to this node's HTTP calls from permits it
/// leased in batches from each host's limiter (so the limiter is not a round trip per request), honours
/// pauses the limiter broadcasts, and gives idle permits back (at once when the limiter says another node
/// waits for them). For a rate-limited host each request also spends a request token, leased in small
/// batches the same way; other hosts never see a token.
/// </summary>
public sealed class HostGateActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan DefaultReturnIdleAfter = TimeSpan.FromMilliseconds(250);

    // A lease request or its answer can be lost (the limiter's node died, a shard moved): ask again after this.
    // Asking again is harmless: a gate waiting for tokens is queued once however often it asks.
    private static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(3);
    private const int Prefetch = 2;
    private readonly IActorRef _limiters;
    private readonly Dictionary<string, HostGateSlot> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeSpan _returnIdleAfter;

    public HostGateActor(IActorRef limiters)
        : this(limiters, DefaultReturnIdleAfter)
    {
    }

    /// <param name="limiters">The host limiters (router or shard region) permits are leased from.</param>
    /// <param name="returnIdleAfter">How long leased permits and tokens stay here after the last request (unless a limiter asks for them).</param>
    public HostGateActor(IActorRef limiters, TimeSpan returnIdleAfter)
    {
        _limiters = limiters;
        _returnIdleAfter = returnIdleAfter;
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
            if (slot.SparesWanted && slot.Waiters.Count > 0)
            {
                YieldPermit(e.Host, slot);
            }

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
            Timers.Cancel(LeaseTimer(l.Host));
            slot.Available += l.Count;
            if (l.PausedUntil is { } until)
            {
                Pause(l.Host, until);
            }

            Serve(l.Host, slot);
        });
        Receive<TokensLeased>(l =>
        {
            var slot = Slot(l.Host);
            slot.TokenLeaseOutstanding = false;
            Timers.Cancel(TokenLeaseTimer(l.Host));
            slot.Metered = !l.Unlimited;
            slot.Tokens = slot.Metered ? slot.Tokens + l.Count : 0;
            Serve(l.Host, slot);
        });
        Receive<WakeUp>(w => Serve(w.Host, Slot(w.Host)));
        Receive<LeaseLost>(l =>
        {
            var slot = Slot(l.Host);
            slot.LeaseOutstanding = false;
            Serve(l.Host, slot);
        });
        Receive<TokenLeaseLost>(l =>
        {
            var slot = Slot(l.Host);
            slot.TokenLeaseOutstanding = false;
            Serve(l.Host, slot);
        });
        Receive<ReturnIdle>(r => ReturnIdleLeases(r.Host, Slot(r.Host)));
        Receive<ReleaseSparePermits>(r =>
        {
            // Remembered until it is done: permits all in use now are spare once their requests end.
            var slot = Slot(r.Host);
            slot.SparesWanted = true;
            Serve(r.Host, slot);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private static string LeaseTimer(string host) => "lease-" + host;

    private static string TokenLeaseTimer(string host) => "tokens-" + host;

    private HostGateSlot Slot(string host)
    {
        if (!_hosts.TryGetValue(host, out var slot))
        {
            _hosts[host] = slot = new HostGateSlot();
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

    private void Serve(string host, HostGateSlot slot)
    {
        if (DateTimeOffset.UtcNow < slot.PausedUntil)
        {
            return; // the wake-up timer serves the queue when the pause ends
        }

        while (slot.Waiters.Count > 0 && slot.CanStartRequest)
        {
            var waiter = slot.Waiters.Dequeue();
            if (waiter.Task.IsCompleted)
            {
                continue; // the caller gave up (cancelled) before it got a permit
            }

            slot.StartRequest();
            if (!waiter.TrySetResult(new HostGatePermit(Self, host)))
            {
                slot.UndoStartRequest();
            }
        }

        if (slot.PermitShortfall > 0 && !slot.LeaseOutstanding)
        {
            slot.LeaseOutstanding = true;
            _limiters.Tell(new LeasePermits(host, slot.PermitShortfall + Prefetch));
            Timers.StartSingleTimer(LeaseTimer(host), new LeaseLost(host), LeaseTimeout);
        }

        if (slot.NeedsTokens && !slot.TokenLeaseOutstanding)
        {
            slot.TokenLeaseOutstanding = true;
            _limiters.Tell(new LeaseTokens(host, slot.Waiters.Count));
            Timers.StartSingleTimer(TokenLeaseTimer(host), new TokenLeaseLost(host), LeaseTimeout);
        }

        if (slot.IsIdleWithLeases)
        {
            if (slot.SparesWanted)
            {
                ReturnIdleLeases(host, slot);
            }
            else
            {
                Timers.StartSingleTimer("idle-" + host, new ReturnIdle(host), _returnIdleAfter);
            }
        }
    }

    // Another node's lease waits while this gate has requests of its own queued: the permit just freed goes back, and
    // this gate asks again behind the others. The limiter serves leases in order, so the nodes take turns with the
    // budget instead of the first one keeping it (and the others' requests running into their timeouts) until its
    // work is done.
    private void YieldPermit(string host, HostGateSlot slot)
    {
        ReturnPermits(host, slot, 1);
        slot.SparesWanted = false;
    }

    // Gives permits back with the outcomes seen since the last return (they feed the limiter's AIMD limit). The
    // limiter drops what this gate still asked for when it gets permits back: that ask is no longer outstanding,
    // and Serve asks again if requests wait here.
    private void ReturnPermits(string host, HostGateSlot slot, int count)
    {
        _limiters.Tell(new ReturnPermits(host, count, slot.Succeeded, slot.Failed));
        slot.Available -= count;
        slot.Succeeded = 0;
        slot.Failed = 0;
        slot.LeaseOutstanding = false;
        Timers.Cancel(LeaseTimer(host));
    }

    private void ReturnIdleLeases(string host, HostGateSlot slot)
    {
        if (!slot.IsIdleWithLeases)
        {
            return;
        }

        // Nothing waits here, so neither what this gate still asked for is needed.
        if (slot.Available > 0)
        {
            ReturnPermits(host, slot, slot.Available);
        }

        if (slot.Tokens > 0)
        {
            _limiters.Tell(new ReturnTokens(host, slot.Tokens));
            slot.Tokens = 0;
            slot.TokenLeaseOutstanding = false;
            Timers.Cancel(TokenLeaseTimer(host));
        }

        slot.SparesWanted = false;
    }

    /// <summary>Local only (carries a TaskCompletionSource): never crosses nodes.</summary>
    public sealed record Enter(string Host, TaskCompletionSource<IDisposable> Permit);

    public sealed record Exit(string Host);

    public sealed record Outcome(string Host, bool Ok);

    public sealed record Throttled(string Host, TimeSpan RetryAfter);

    private sealed record WakeUp(string Host);

    private sealed record ReturnIdle(string Host);

    private sealed record LeaseLost(string Host);

    private sealed record TokenLeaseLost(string Host);
}

/// <summary>Registry key of this node's host gate actor.</summary>
public sealed class HostGate
{
}

public static class HostGateRegistration
{
    /// <summary>Starts this node's gate, leasing from the host-limiter region registered under <see cref="HostLimiterRegion"/>.</summary>
    public static AkkaConfigurationBuilder AddHostGate(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry) =>
        {
            var limiters = registry.Get<HostLimiterRegion>();
            registry.Register<HostGate>(system.ActorOf(Props.Create(() => new HostGateActor(limiters)), "host-gate"));
        });
}
