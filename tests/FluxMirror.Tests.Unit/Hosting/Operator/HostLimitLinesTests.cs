using FluxMirror.Hosting.Operator;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Tests.Unit.Hosting.Operator;

public sealed class HostLimitLinesTests
{
    [Theory]
    [InlineData("4", 4, null)]
    [InlineData("4/2", 4, 2.0)]
    [InlineData("16/0.5", 16, 0.5)]
    [InlineData("1/0", 1, 0.0)]
    public void A_limit_is_N_or_N_slash_RPS(string text, int max, double? rate)
    {
        Assert.True(HostLimitLines.TryParseLimit(text, out var m, out var r));
        Assert.Equal(max, m);
        Assert.Equal(rate, r);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("4/")]
    [InlineData("4/-1")]
    [InlineData("4/2/1")]
    [InlineData("four")]
    [InlineData(null)]
    public void Anything_else_is_refused(string? text) =>
        Assert.False(HostLimitLines.TryParseLimit(text, out _, out _));

    [Fact]
    public void A_line_says_budget_use_waiting_rate_and_pause()
    {
        var paused = new HostLimitState("ghcr.io", 8, 4, 3, 2, 2.5, new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.Zero));
        var idle = new HostLimitState("127.0.0.1:5000", 4, 4, 0, 0, 0, null);

        Assert.Equal("ghcr.io | budget: 8 | limit: 4 | in use: 3 | waiting: 2 | rate: 2.5/s | paused until: 2026-12-04T09:30:00Z", HostLimitLines.Line(paused));
        Assert.Equal("127.0.0.1:5000 | budget: 4 | limit: 4 | in use: 0 | waiting: 0 | rate: unlimited | paused until: -", HostLimitLines.Line(idle));
    }
}
