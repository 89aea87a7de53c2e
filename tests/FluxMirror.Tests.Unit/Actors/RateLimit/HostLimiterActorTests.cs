using System.Collections.Concurrent;
using Akka.Actor;
using FluxMirror.Actors.RateLimit;
using FluxMirror.Protocol.Limits;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Tests.Unit.Actors.RateLimit;

/// <summary>Gates and limiters together: the rate holds across nodes, unlimited hosts stay token-free, dead gates give permits back, idle ones on request.</summary>
public sealed class HostLimiterActorTests
{
    private const string Host = "registry.example:5000";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_gates_sharing_a_limiter_together_stay_within_the_rate_plus_the_burst()
    {
        const double rate = 40;
        const int requestsPerGate = 40;
        await using var harness = LimiterHarness.Start(new HostLimits(MaxConcurrent: 8, RequestsPerSecond: rate));
        var gates = new[] { harness.Gate("gate-a").Gate, harness.Gate("gate-b").Gate };
        await LimiterHarness.WarmUpAsync(gates, Ct);
        // Before the first request to the host, so before its limiter (and its full bucket) exists.
        var start = DateTimeOffset.UtcNow;
        var passed = new ConcurrentQueue<(int Gate, DateTimeOffset At)>();

        await Task.WhenAll(gates.SelectMany((gate, index) => Enumerable.Range(0, requestsPerGate).Select(async _ =>
        {
            using var permit = await gate.EnterAsync(Host, Ct);
            passed.Enqueue((index, DateTimeOffset.UtcNow));
        }))).WaitAsync(LimiterHarness.Patience, Ct);

        // By any moment t, at most burst (one second's worth) + rate * t requests may have started.
        var times = passed.Select(p => p.At).Order().ToList();
        for (var i = 0; i < times.Count; i++)
        {
            var allowed = rate + (rate * (times[i] - start).TotalSeconds);
            Assert.True(i + 1 <= allowed + 1e-6, $"{i + 1} requests by {(times[i] - start).TotalMilliseconds:0} ms, the bucket allows {allowed:0.0}");
        }

        // ...and the limiter does not hold them back much longer than the rate needs, nor starve either node.
        var needed = TimeSpan.FromSeconds(((2 * requestsPerGate) - rate) / rate);
        Assert.True(times[^1] - start < needed + TimeSpan.FromSeconds(3), $"took {(times[^1] - start).TotalSeconds:0.00} s, the rate needs {needed.TotalSeconds:0.00} s");
        Assert.Equal(requestsPerGate, passed.Count(p => p.Gate == 0));
        Assert.Equal(requestsPerGate, passed.Count(p => p.Gate == 1));
    }

    [Fact]
    public async Task A_host_without_a_rate_limit_never_sees_a_token_message()
    {
        await using var harness = LimiterHarness.Start(new HostLimits(MaxConcurrent: 4, RequestsPerSecond: 0));
        var log = new ConcurrentQueue<object>();
        var gate = harness.LoggedGate("gate", log);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var permit = await gate.EnterAsync(Host, Ct);
        })).WaitAsync(LimiterHarness.Patience, Ct);

        Assert.Contains(log, m => m is LeasePermits);
        Assert.Contains(log, m => m is PermitsLeased);
        Assert.DoesNotContain(log, m => m is LeaseTokens or TokensLeased or ReturnTokens);
    }

    [Fact]
    public async Task A_rate_limited_host_sends_tokens_before_the_first_permits()
    {
        await using var harness = LimiterHarness.Start(new HostLimits(MaxConcurrent: 4, RequestsPerSecond: 0, new Dictionary<string, HostLimit> { [Host] = new(4, 1000) }));
        var log = new ConcurrentQueue<object>();
        var gate = harness.LoggedGate("gate", log);

        using (await gate.EnterAsync(Host, Ct).AsTask().WaitAsync(LimiterHarness.Patience, Ct))
        {
        }

        var fromLimiter = log.Where(m => m is TokensLeased or PermitsLeased).ToList();
        Assert.IsType<TokensLeased>(fromLimiter[0]);
        Assert.Contains(fromLimiter, m => m is PermitsLeased);
    }

    [Fact]
    public async Task Permits_of_a_gate_that_died_go_to_another_gate()
    {
        await using var harness = LimiterHarness.Start(new HostLimits(MaxConcurrent: 4, RequestsPerSecond: 0));
        var (doomedActor, doomed) = harness.Gate("doomed");
        var survivor = Inbox.Create(harness.System);

        // The doomed node's requests hold every permit of the host and never finish.
        var held = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => doomed.EnterAsync(Host, Ct).AsTask())).WaitAsync(LimiterHarness.Patience, Ct);
        survivor.Send(harness.Limiters, new LeasePermits(Host, 1));
        // The limiter answers in order: the answer to this later question first means the lease was queued.
        survivor.Send(harness.Limiters, new LeaseTokens(Host, 1));
        Assert.Equal(new TokensLeased(Host, 0, Unlimited: true), await survivor.ReceiveAsync(LimiterHarness.Patience));

        harness.System.Stop(doomedActor);

        Assert.Equal(new PermitsLeased(Host, 1, null), await survivor.ReceiveAsync(LimiterHarness.Patience));
        survivor.Send(harness.Limiters, new LeasePermits(Host, 10));
        Assert.Equal(new PermitsLeased(Host, 3, null), await survivor.ReceiveAsync(LimiterHarness.Patience));
        Assert.Equal(4, held.Length);
    }

    [Fact]
    public async Task A_gate_gives_its_unused_permits_back_at_once_when_another_gate_waits_for_them()
    {
        await using var harness = LimiterHarness.Start(new HostLimits(MaxConcurrent: 2, RequestsPerSecond: 0));
        var (first, second) = GatesKeepingIdlePermits(harness);

        // One request leases the whole budget (a gate leases ahead) and leaves it unused at the first gate.
        using (await first.EnterAsync(Host, Ct))
        {
        }

        await harness.AwaitStateAsync(Host, s => s.InUse == 2, Ct);

        using var permit = await second.EnterAsync(Host, Ct).AsTask().WaitAsync(LimiterHarness.Patience, Ct);
        using var again = await first.EnterAsync(Host, Ct).AsTask().WaitAsync(LimiterHarness.Patience, Ct);
        Assert.Equal(2, (await harness.AwaitStateAsync(Host, s => s.InUse == 2, Ct)).Limit);
    }

    [Fact]
    public async Task Permits_in_use_when_another_gate_asked_go_back_as_soon_as_their_requests_end()
    {
        await using var harness = LimiterHarness.Start(new HostLimits(MaxConcurrent: 2, RequestsPerSecond: 0));
        var (busy, waiting) = GatesKeepingIdlePermits(harness);
        var first = await busy.EnterAsync(Host, Ct);
        var second = await busy.EnterAsync(Host, Ct);

        // Asked while it has nothing spare, the busy gate remembers the question until its requests end.
        var queued = waiting.EnterAsync(Host, Ct).AsTask();
        await harness.AwaitStateAsync(Host, s => s.Waiting > 0, Ct);
        first.Dispose();
        second.Dispose();

        using var permit = await queued.WaitAsync(LimiterHarness.Patience, Ct);
        Assert.Equal(2, (await harness.AwaitStateAsync(Host, s => s.InUse == 2, Ct)).InUse);
    }

    [Fact]
    public async Task Gates_with_requests_queued_on_both_take_turns_with_a_small_budget()
    {
        await using var harness = LimiterHarness.Start(new HostLimits(MaxConcurrent: 1, RequestsPerSecond: 0));
        var busy = harness.Gate("gate-busy").Gate;
        var other = harness.Gate("gate-other").Gate;
        var running = await busy.EnterAsync(Host, Ct);
        var busyQueued = new[] { busy.EnterAsync(Host, Ct).AsTask(), busy.EnterAsync(Host, Ct).AsTask() };
        var otherQueued = other.EnterAsync(Host, Ct).AsTask();
        await harness.AwaitStateAsync(Host, s => s.Waiting > 0, Ct);

        // The busy gate still has two requests queued, but the other node asked first: the permit goes there.
        running.Dispose();
        using (await otherQueued.WaitAsync(LimiterHarness.Patience, Ct))
        {
            Assert.All(busyQueued, t => Assert.False(t.IsCompleted));
        }

        // And comes back: the busy gate asked again behind it.
        using var next = await busyQueued[0].WaitAsync(LimiterHarness.Patience, Ct);
        Assert.False(busyQueued[1].IsCompleted);
    }

    [Fact]
    public async Task A_gate_cannot_return_more_permits_than_it_holds()
    {
        await using var harness = LimiterHarness.Start(new HostLimits(MaxConcurrent: 2, RequestsPerSecond: 0));
        var holder = Inbox.Create(harness.System);
        var stranger = Inbox.Create(harness.System);
        holder.Send(harness.Limiters, new LeasePermits(Host, 2));
        Assert.Equal(new PermitsLeased(Host, 2, null), await holder.ReceiveAsync(LimiterHarness.Patience));

        // Permits from an earlier incarnation of the limiter (the shard moved) must not free the holder's.
        stranger.Send(harness.Limiters, new ReturnPermits(Host, 2, 2, 0));
        stranger.Send(harness.Limiters, new LeasePermits(Host, 1));
        stranger.Send(harness.Limiters, new LeaseTokens(Host, 1));

        Assert.Equal(new TokensLeased(Host, 0, Unlimited: true), await stranger.ReceiveAsync(LimiterHarness.Patience));
    }

    // Idle permits would stay an hour at these gates: only the limiter's request can bring them back within a test.
    private static (ActorHostGate First, ActorHostGate Second) GatesKeepingIdlePermits(LimiterHarness harness)
    {
        var idle = TimeSpan.FromHours(1);
        return (harness.Gate("gate-first", idle).Gate, harness.Gate("gate-second", idle).Gate);
    }
}
