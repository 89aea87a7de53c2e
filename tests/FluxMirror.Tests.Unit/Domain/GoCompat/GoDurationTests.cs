using FluxMirror.Domain.GoCompat;

namespace FluxMirror.Tests.Unit.Domain.GoCompat;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("0s", 0L)]
    [InlineData("-0", 0L)]
    [InlineData("+5s", 50_000_000L)]
    [InlineData("5s", 50_000_000L)]
    [InlineData("1.5s", 15_000_000L)]
    [InlineData(".5s", 5_000_000L)]
    [InlineData("5.s", 50_000_000L)]
    [InlineData("-1.5h", -54_000_000_000L)]
    [InlineData("1h30m", 54_000_000_000L)]
    [InlineData("1h1m1s", 36_610_000_000L)]
    [InlineData("48h", 1_728_000_000_000L)]
    [InlineData("168h", 6_048_000_000_000L)]
    [InlineData("8760h", 315_360_000_000_000L)]
    [InlineData("500ms", 5_000_000L)]
    [InlineData("10us", 100L)]
    [InlineData("10µs", 100L)]
    [InlineData("10μs", 100L)]
    [InlineData("1500ns", 15L)]
    [InlineData("1m0.5s", 605_000_000L)]
    [InlineData("2h45m30.5s", 99_305_000_000L)]
    public void Parses(string text, long ticks)
    {
        Assert.True(GoDuration.TryParse(text, out var d, out var error), error);
        Assert.Equal(ticks, d.Ticks);
    }

    [Theory]
    [InlineData("soon", "time: invalid duration \"soon\"")]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("-", "time: invalid duration \"-\"")]
    [InlineData(".s", "time: invalid duration \".s\"")]
    [InlineData("10", "time: missing unit in duration \"10\"")]
    [InlineData("1h30", "time: missing unit in duration \"1h30\"")]
    [InlineData("1d", "time: unknown unit \"d\" in duration \"1d\"")]
    [InlineData("5 s", "time: unknown unit \" s\" in duration \"5 s\"")]
    [InlineData("3000000h", "time: invalid duration \"3000000h\"")]
    [InlineData("9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\"")]
    [InlineData("1é", "time: unknown unit \"\\xc3\\xa9\" in duration \"1\\xc3\\xa9\"")]
    public void Rejects_with_go_messages(string text, string expected)
    {
        Assert.False(GoDuration.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
        Assert.False(GoDuration.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1L, "100ns")]
    [InlineData(10L, "1µs")]
    [InlineData(15L, "1.5µs")]
    [InlineData(8_120_000L, "812ms")]
    [InlineData(1_000_000L, "100ms")]
    [InlineData(10_000_000L, "1s")]
    [InlineData(15_000_000L, "1.5s")]
    [InlineData(42_130_000L, "4.213s")]
    [InlineData(600_000_000L, "1m0s")]
    [InlineData(3_000_000_000L, "5m0s")]
    [InlineData(36_000_000_000L, "1h0m0s")]
    [InlineData(1_728_000_000_000L, "48h0m0s")]
    [InlineData(1_699_910_000_000L, "47h13m11s")]
    [InlineData(-15_000_000L, "-1.5s")]
    [InlineData(12_345_678L, "1.2345678s")]
    [InlineData(315_360_000_000_000L, "8760h0m0s")]
    [InlineData(5L, "500ns")]
    [InlineData(9_999_999L, "999.9999ms")]
    [InlineData(-9_999L, "-999.9µs")]
    public void Formats_like_go(long ticks, string expected) => Assert.Equal(expected, GoDuration.Format(TimeSpan.FromTicks(ticks)));

    [Theory]
    [InlineData("1h30m")]
    [InlineData("48h0m0s")]
    [InlineData("1.5s")]
    [InlineData("812ms")]
    [InlineData("-2m3.25s")]
    public void Round_trips(string text)
    {
        Assert.True(GoDuration.TryParse(text, out var d));
        Assert.True(GoDuration.TryParse(GoDuration.Format(d), out var again));
        Assert.Equal(d, again);
    }

    [Fact]
    public void Formats_durations_beyond_go_range_without_overflow()
    {
        Assert.Equal("256204778h48m5.4775807s", GoDuration.Format(TimeSpan.MaxValue));
        Assert.Equal("-256204778h48m5.4775808s", GoDuration.Format(TimeSpan.MinValue));
    }
}
