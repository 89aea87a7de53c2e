using Akka.Actor;
using FluxMirror.Shared.Protocol;

namespace FluxMirror.Worker.RateLimit;

/// <summary>
/// Owns one registry host's request budget for everyone (every gate on every node leases from it): grants
/// permits in batches while the budget allows, queues the rest, pauses the host for all holders on 429 and
/// adapts the concurrency limit to how the host copes.
/// </summary>
public sealed class HostLimiterActor : ReceiveActor
{
    private readonly string _host;
    private readonly Queue<(IActorRef Gate, int Count)> _waiting = new();
    private readonly HashSet<IActorRef> _holders = [];
    private HostBudget _budget;

    public HostLimiterActor(string host, int maxConcurrent)
    {
        _host = host;
        _budget = HostBudget.Create(maxConcurrent);
        Receive<LeasePermits>(lease =>
        {
            _waiting.Enqueue((Sender, Math.Max(1, lease.Count)));
            GrantWhatFits();
        });
        Receive<ReturnPermits>(ret =>
        {
            _budget = _budget.Return(ret.Count, ret.Succeeded, ret.Failed);
            GrantWhatFits();
        });
        Receive<HostThrottled>(throttled =>
        {
            _budget = _budget.Throttle(DateTimeOffset.UtcNow, throttled.RetryAfter);
            var paused = new HostPaused(_host, _budget.PausedUntil, _budget.Limit);
            foreach (var holder in _holders)
            {
                holder.Tell(paused);
            }
        });
        Receive<Terminated>(t => _holders.Remove(t.ActorRef));
    }

    private void GrantWhatFits()
    {
        while (_waiting.Count > 0 && _budget.Available > 0)
        {
            var (gate, wanted) = _waiting.Dequeue();
            var count = Math.Min(wanted, _budget.Available);
            _budget = _budget.Grant(count);
            var pausedUntil = _budget.IsPaused(DateTimeOffset.UtcNow) ? _budget.PausedUntil : (DateTimeOffset?)null;
            gate.Tell(new PermitsLeased(_host, count, pausedUntil));
            if (_holders.Add(gate))
            {
                Context.Watch(gate);
            }
        }
    }
}
