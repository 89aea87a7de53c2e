using Akka.Actor;
using FluxMirror.Protocol.Limits;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Tests.Unit.Actors.RateLimit;

/// <summary><c>ratelimit show|set</c> at the limiter: it reports its budget as it stands and an operator's change takes effect at once.</summary>
public sealed class HostLimitOperatorTests
{
    private const string Host = "registry.example:5000";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Show_reports_the_budget_in_use_and_the_leases_waiting()
    {
        await using var harness = LimiterHarness.Start(new HostLimits(MaxConcurrent: 2, RequestsPerSecond: 0));
        var gate = harness.Gate("gate").Gate;
        using var first = await gate.EnterAsync(Host, Ct);
        using var second = await gate.EnterAsync(Host, Ct);
        var third = gate.EnterAsync(Host, Ct).AsTask();

        var state = await harness.AwaitStateAsync(Host, s => s.Waiting > 0, Ct);

        Assert.Equal(new HostLimitState(Host, 2, 2, 2, state.Waiting, 0, null), state);
        Assert.False(third.IsCompleted);
    }

    [Fact]
    public async Task Raising_the_budget_lets_the_waiting_requests_through()
    {
        await using var harness = LimiterHarness.Start(new HostLimits(MaxConcurrent: 1, RequestsPerSecond: 0));
        var gate = harness.Gate("gate").Gate;
        using var first = await gate.EnterAsync(Host, Ct);
        var second = gate.EnterAsync(Host, Ct).AsTask();
        await harness.AwaitStateAsync(Host, s => s.Waiting > 0, Ct);

        var set = await harness.Limiters.Ask<HostLimitState>(new SetHostLimit(Host, 3, null), LimiterHarness.Patience, Ct);

        using var granted = await second.WaitAsync(LimiterHarness.Patience, Ct);
        Assert.Equal(3, set.MaxConcurrent);
        Assert.Equal(3, set.Limit);
    }

    [Fact]
    public async Task Setting_a_rate_meters_the_host_and_zero_lifts_it()
    {
        await using var harness = LimiterHarness.Start(new HostLimits(MaxConcurrent: 4, RequestsPerSecond: 0));

        var limited = await harness.Limiters.Ask<HostLimitState>(new SetHostLimit(Host, 4, 2.5), LimiterHarness.Patience, Ct);
        var unchanged = await harness.Limiters.Ask<HostLimitState>(new SetHostLimit(Host, 5, null), LimiterHarness.Patience, Ct);
        var lifted = await harness.Limiters.Ask<HostLimitState>(new SetHostLimit(Host, 5, 0), LimiterHarness.Patience, Ct);

        Assert.Equal(2.5, limited.RequestsPerSecond);
        Assert.Equal(2.5, unchanged.RequestsPerSecond);
        Assert.Equal(0, lifted.RequestsPerSecond);
    }
}
