using FluxMirror.Actors.RateLimit;

namespace FluxMirror.Tests.Unit.Actors.RateLimit;

public sealed class TokenBucketTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    [Fact]
    public void A_full_bucket_gives_its_burst_then_nothing()
    {
        var bucket = TokenBucket.Full(2, T0);

        var (afterBurst, granted) = bucket.Take(5, T0);
        var (_, more) = afterBurst.Take(1, T0);

        Assert.Equal(2, granted);
        Assert.Equal(0, more);
    }

    [Fact]
    public void Tokens_come_back_at_the_rate()
    {
        var (empty, _) = TokenBucket.Full(4, T0).Take(4, T0);

        Assert.Equal(0, empty.WholeTokens(At(0.2)));
        Assert.Equal(1, empty.WholeTokens(At(0.25)));
        Assert.Equal(2, empty.Take(10, At(0.5)).Granted);
    }

    [Fact]
    public void An_idle_bucket_never_holds_more_than_its_burst()
    {
        var (empty, _) = TokenBucket.Full(3, T0).Take(3, T0);

        Assert.Equal(3, empty.WholeTokens(At(3600)));
    }

    [Fact]
    public void A_rate_below_one_still_allows_one_request_at_a_time()
    {
        var bucket = TokenBucket.Full(0.5, T0);
        var (empty, first) = bucket.Take(2, T0);

        Assert.Equal(1, first);
        Assert.Equal(TimeSpan.FromSeconds(2), empty.TimeUntil(1, T0));
        Assert.Equal(1, empty.Take(1, At(2)).Granted);
    }

    [Fact]
    public void Time_until_tokens_counts_what_is_missing_and_never_more_than_the_burst()
    {
        var (empty, _) = TokenBucket.Full(4, T0).Take(4, T0);

        Assert.Equal(TimeSpan.FromMilliseconds(250), empty.TimeUntil(1, T0));
        Assert.Equal(TimeSpan.FromMilliseconds(500), empty.TimeUntil(2, T0));
        Assert.Equal(TimeSpan.FromSeconds(1), empty.TimeUntil(100, T0));
        Assert.Equal(TimeSpan.Zero, TokenBucket.Full(4, T0).TimeUntil(4, T0));
    }

    [Fact]
    public void Returned_tokens_are_spendable_again_up_to_the_burst()
    {
        var (empty, _) = TokenBucket.Full(5, T0).Take(5, T0);

        Assert.Equal(3, empty.Return(3, T0).WholeTokens(T0));
        Assert.Equal(5, empty.Return(50, T0).WholeTokens(T0));
    }

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(1.5, 1)]
    [InlineData(20, 2)]
    [InlineData(100, 10)]
    [InlineData(1000, 100)]
    public void Batches_are_about_a_tenth_of_a_second_worth(double rate, int batch) =>
        Assert.Equal(batch, TokenBucket.Full(rate, T0).BatchSize);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(2_000_000)]
    public void A_bucket_needs_a_positive_finite_rate(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenBucket.Full(rate, T0));

    [Fact]
    public void Greedy_takers_get_the_rate_plus_the_burst_and_no_more()
    {
        const double rate = 7.5;
        var bucket = TokenBucket.Full(rate, T0);
        var taken = 0;
        var now = T0;
        for (var step = 0; step < 1000; step++)
        {
            now += TimeSpan.FromMilliseconds(13);
            (bucket, var granted) = bucket.Take(3, now);
            taken += granted;
            var allowed = bucket.Capacity + (rate * (now - T0).TotalSeconds);
            Assert.True(taken <= allowed + 1e-6, $"{taken} tokens by {(now - T0).TotalSeconds}s, allowed {allowed}");
        }

        // Polled often enough, nothing is lost either: within one token of the bound.
        Assert.InRange(taken, (int)(bucket.Capacity + (rate * 13)) - 1, (int)(bucket.Capacity + (rate * 13)));
    }
}
