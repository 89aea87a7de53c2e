using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using FluxMirror.Protocol.Limits;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Routing;

namespace FluxMirror.Actors.RateLimit;

/// <summary>
/// Owns one registry host's request budget for everyone (every gate on every node leases from it): grants
/// permits in batches while the budget allows, queues the rest, pauses the host for all holders on 429 and
/// adapts the concurrency limit to how the host copes. A rate-limited host also has a token bucket: gates
/// lease request tokens in small batches, and when the bucket is empty a timer answers once tokens are due.
/// Permits held by a gate that dies (its node crashed) go back to the budget.
/// </summary>
public sealed class HostLimiterActor : ReceiveActor, IWithTimers
{
    private const string RefillTimer = "refill";

    // Timers shorter than this only spin: the scheduler's resolution is coarser anyway.
    private static readonly TimeSpan MinRefillDelay = TimeSpan.FromMilliseconds(1);

    private readonly string _host;
    private readonly HostLimiterMetrics _metrics;
    private readonly Queue<(IActorRef Gate, int Count)> _waiting = new();

    // Every gate ever granted permits (watched), with how many it holds now.
    private readonly Dictionary<IActorRef, int> _held = [];
    private HostBudget _budget;

    // Null when the host has no rate limit: then no token is ever leased or sent.
    private TokenDispenser<IActorRef>? _tokens;

    public HostLimiterActor(string host, HostLimit limit)
    {
        _host = host;
        _metrics = new HostLimiterMetrics(host);
        _budget = HostBudget.Create(limit.MaxConcurrent);
        _tokens = limit.IsRateLimited ? TokenDispenser.Create<IActorRef>(limit.RequestsPerSecond, DateTimeOffset.UtcNow) : null;
        Receive<LeasePermits>(lease =>
        {
            _waiting.Enqueue((Sender, Math.Max(1, lease.Count)));
            GrantWhatFits();
            if (_waiting.Count > 0)
            {
                ReleaseSpares(lease.Host, asker: Sender);
            }
        });
        Receive<ReturnPermits>(ret =>
        {
            // Only what this gate holds from this limiter: a return of permits leased from an earlier
            // incarnation (the shard moved) must not free budget that others hold now.
            var count = Math.Min(Math.Max(0, ret.Count), _held.GetValueOrDefault(Sender));
            if (count > 0)
            {
                _held[Sender] -= count;
            }

            _budget = _budget.Return(count, ret.Succeeded, ret.Failed);
            // What the gate still asked for is stale: it gives permits back when nothing waits there, or, yielding
            // to another node's lease, asks again behind it.
            DropQueuedLeases(Sender);
            GrantWhatFits();
        });
        Receive<HostThrottled>(throttled =>
        {
            _budget = _budget.Throttle(DateTimeOffset.UtcNow, throttled.RetryAfter);
            var paused = new HostPaused(_host, _budget.PausedUntil, _budget.Limit);
            foreach (var holder in _held.Keys)
            {
                holder.Tell(paused);
            }
        });
        Receive<LeaseTokens>(lease =>
        {
            if (_tokens is null)
            {
                Sender.Tell(new TokensLeased(_host, 0, Unlimited: true));
                return;
            }

            _tokens = _tokens.Request(Sender, lease.Count);
            DispenseTokens();
        });
        Receive<ReturnTokens>(ret =>
        {
            if (_tokens is not null)
            {
                _tokens = _tokens.Return(ret.Count, DateTimeOffset.UtcNow).Forget(Sender);
                DispenseTokens();
            }
        });
        Receive<GetHostLimit>(_ => Sender.Tell(State()));
        Receive<SetHostLimit>(set =>
        {
            Resize(set);
            Sender.Tell(State());
        });
        Receive<Refill>(_ => DispenseTokens());
        Receive<Terminated>(t => Forget(t.ActorRef));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private HostLimitState State() => new(
        _host,
        _budget.Max,
        _budget.Limit,
        _budget.InUse,
        _waiting.Sum(w => w.Count),
        _tokens?.Bucket.RatePerSecond ?? 0,
        _budget.IsPaused(DateTimeOffset.UtcNow) ? _budget.PausedUntil : null);

    // An operator's change holds until this limiter restarts; FLUX_MIRROR_HOST_LIMITS is what survives one.
    private void Resize(SetHostLimit set)
    {
        _budget = _budget.Resize(Math.Max(1, set.MaxConcurrent));
        if (set.RequestsPerSecond is { } rate)
        {
            if (rate > 0)
            {
                // Gates learn they are metered from the TokensLeased that comes with their next permits.
                _tokens = TokenDispenser.Create<IActorRef>(rate, DateTimeOffset.UtcNow) with { Waiting = _tokens?.Waiting ?? [] };
            }
            else if (_tokens is not null)
            {
                // No rate limit any more: whoever waits for tokens or holds permits stops metering.
                foreach (var gate in _tokens.Waiting.Select(d => d.Gate).Concat(_held.Keys).Distinct())
                {
                    gate.Tell(new TokensLeased(_host, 0, Unlimited: true));
                }

                _tokens = null;
            }
        }

        GrantWhatFits();
        DispenseTokens();
    }

    // Levels are reported after every message: whatever a handler changed, the gauges follow.
    protected override bool AroundReceive(Receive receive, object message)
    {
        var handled = base.AroundReceive(receive, message);
        _metrics.Report(_budget.InUse, _waiting.Sum(w => w.Count), _budget.Limit);
        return handled;
    }

    protected override void PostStop() => _metrics.Stopped();

    private void GrantWhatFits()
    {
        while (_waiting.Count > 0 && _budget.Available > 0)
        {
            var (gate, wanted) = _waiting.Dequeue();
            var count = Math.Min(wanted, _budget.Available);
            _budget = _budget.Grant(count);
            if (_tokens is not null)
            {
                // Before the permits, so the gate never spends them on requests the bucket has not paid for.
                gate.Tell(new TokensLeased(_host, TakeTokensAlongWithPermits(count), Unlimited: false));
            }

            var pausedUntil = _budget.IsPaused(DateTimeOffset.UtcNow) ? _budget.PausedUntil : (DateTimeOffset?)null;
            gate.Tell(new PermitsLeased(_host, count, pausedUntil));
            if (_held.TryAdd(gate, 0))
            {
                Context.Watch(gate);
            }

            _held[gate] += count;
        }
    }

    // Tokens ride along with permits only when no gate is queued for them: never ahead of those waiting.
    private int TakeTokensAlongWithPermits(int permits)
    {
        if (_tokens is null || !_tokens.Waiting.IsEmpty)
        {
            return 0;
        }

        var (bucket, granted) = _tokens.Bucket.Take(Math.Min(permits, _tokens.Bucket.BatchSize), DateTimeOffset.UtcNow);
        _tokens = _tokens with { Bucket = bucket };
        return granted;
    }

    private void DispenseTokens()
    {
        if (_tokens is null)
        {
            return;
        }

        var (next, grants, nextIn) = _tokens.Dispense(DateTimeOffset.UtcNow);
        _tokens = next;
        foreach (var grant in grants)
        {
            grant.Gate.Tell(new TokensLeased(_host, grant.Count, Unlimited: false));
        }

        if (nextIn is { } delay)
        {
            Timers.StartSingleTimer(RefillTimer, Refill.Instance, delay > MinRefillDelay ? delay : MinRefillDelay);
        }
        else
        {
            Timers.Cancel(RefillTimer);
        }
    }

    private void Forget(IActorRef gate)
    {
        if (_held.Remove(gate, out var held))
        {
            _budget = _budget.Reclaim(held);
        }

        DropQueuedLeases(gate);
        _tokens = _tokens?.Forget(gate);
        GrantWhatFits();
        DispenseTokens();
    }

    // Gates keep leased permits for a while after their last request (and lease a few ahead): with a small budget
    // those would sit idle on one node while another waits. Only gates that hold permits are asked.
    private void ReleaseSpares(string host, IActorRef asker)
    {
        foreach (var (gate, held) in _held)
        {
            if (held > 0 && !gate.Equals(asker))
            {
                gate.Tell(new ReleaseSparePermits(host));
            }
        }
    }

    private void DropQueuedLeases(IActorRef gate)
    {
        var others = _waiting.Where(w => !w.Gate.Equals(gate)).ToImmutableArray();
        _waiting.Clear();
        foreach (var waiting in others)
        {
            _waiting.Enqueue(waiting);
        }
    }

    private sealed class Refill
    {
        public static readonly Refill Instance = new();
    }
}

public static class HostLimiterShardsRegistration
{
    /// <summary>One limiter entity per registry host for the whole cluster, hosted by the worker role.</summary>
    /// <param name="hostLimits">Per-host request budgets of the limiters this node hosts; the defaults unless given.</param>
    public static AkkaConfigurationBuilder AddHostLimiterShards(this AkkaConfigurationBuilder builder, HostLimits? hostLimits) =>
        builder.WithShardRegion<HostLimiterRegion>(
            ClusterNames.HostLimiterRegion,
            host => Props.Create(() => new HostLimiterActor(host, (hostLimits ?? HostLimits.Default).For(host))),
            new HostLimiterMessageExtractor(),
            new ShardOptions { Role = ClusterNames.WorkerRole, StateStoreMode = StateStoreMode.DData });
}
