using System.Diagnostics;
using FluxMirror.Coordinator.Api;

namespace FluxMirror.Tests.Unit.Coordinator.Api;

/// <summary>The job API's token check: right or wrong, and equally slow however close a wrong token comes.</summary>
public sealed class ApiTokenComparerTests
{
    private const string Token = "fake-api-token-for-tests-0123abcdef";

    [Fact]
    public void The_token_itself_matches()
    {
        Assert.True(new ApiTokenComparer(Token).Matches(Token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("fake-api-token-for-tests-0123abcdeg")] // last character off
    [InlineData("fake-api-token-for-tests-0123abcde")] // a prefix
    [InlineData("fake-api-token-for-tests-0123abcdefA")] // one more
    [InlineData("FAKE-API-TOKEN-FOR-TESTS-0123ABCDEF")] // other case
    [InlineData("fake-api-token-for-tests-0123abcdef ")]
    public void Anything_else_does_not(string presented)
    {
        Assert.False(new ApiTokenComparer(Token).Matches(presented));
    }

    [Fact]
    public void It_keeps_nothing_that_shows_the_token()
    {
        Assert.DoesNotContain(Token, new ApiTokenComparer(Token).ToString(), StringComparison.Ordinal);
    }

    // A plain comparison stops at the first difference: with a long token, a wrong first character is refused in
    // nanoseconds and a wrong last one only after the whole token was read, a ratio in the hundreds. Hashing both sides
    // first makes every wrong token of one length the same work; the bound is generous for two loaded cores.
    [Fact]
    public void A_near_miss_costs_the_same_as_a_far_off_token()
    {
        var expected = new string('k', 16 * 1024);
        var nearMiss = expected[..^1] + "x";
        var farOff = "x" + expected[1..];
        var comparer = new ApiTokenComparer(expected);
        var near = new List<double>();
        var far = new List<double>();

        for (var round = 0; round < 41; round++)
        {
            // Alternating, so a burst of load elsewhere hits both about alike.
            near.Add(Time(comparer, nearMiss));
            far.Add(Time(comparer, farOff));
        }

        var ratio = Median(near) / Median(far);
        Assert.True(ratio is > 0.5 and < 2.0, $"near-miss / far-off median time: {ratio:F2}");
    }

    private static double Time(ApiTokenComparer comparer, string presented)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            Assert.False(comparer.Matches(presented));
        }

        return clock.Elapsed.TotalMicroseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
