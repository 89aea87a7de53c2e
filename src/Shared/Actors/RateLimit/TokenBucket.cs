using FluxMirror.Protocol.Limits;

namespace FluxMirror.Actors.RateLimit;

/// <summary>
/// A host's requests-per-second budget: holds up to <see cref="Capacity"/> tokens (the burst), refilled at
/// <see cref="RatePerSecond"/>; one token pays for one request. Immutable; the caller passes the time.
/// </summary>
public sealed record TokenBucket(double RatePerSecond, double Capacity, double Tokens, DateTimeOffset UpdatedAt)
{
    /// <summary>A gate leases about this much time's worth of tokens at once: few messages, little hoarding.</summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(100);

    // Refill arithmetic leaves fractions like 0.9999999: count them as the whole token they are meant to be.
    private const double Epsilon = 1e-9;

    /// <summary>A full bucket (the first second's worth may go at once) with a burst of max(1, rate) tokens.</summary>
    public static TokenBucket Full(double ratePerSecond, DateTimeOffset now)
    {
        if (!double.IsFinite(ratePerSecond) || ratePerSecond <= 0 || ratePerSecond > HostLimits.MaxRequestsPerSecond)
        {
            throw new ArgumentOutOfRangeException(nameof(ratePerSecond), ratePerSecond, "must be above 0 and at most the maximum rate");
        }

        var capacity = Math.Max(1, ratePerSecond);
        return new TokenBucket(ratePerSecond, capacity, capacity, now);
    }

    /// <summary>Tokens handed to one gate at once: <see cref="BatchWindow"/>'s worth, at least 1.</summary>
    public int BatchSize => (int)Math.Clamp(Math.Ceiling(RatePerSecond * BatchWindow.TotalSeconds), 1, Math.Floor(Capacity));

    /// <summary>Whole tokens available now.</summary>
    public int WholeTokens(DateTimeOffset now) => (int)Math.Floor(RefilledAt(now).Tokens + Epsilon);

    public TokenBucket RefilledAt(DateTimeOffset now) =>
        now <= UpdatedAt
            ? this
            : this with { Tokens = Math.Min(Capacity, Tokens + (RatePerSecond * (now - UpdatedAt).TotalSeconds)), UpdatedAt = now };

    /// <summary>Takes up to <paramref name="wanted"/> whole tokens; <c>Granted</c> is 0 when none is available.</summary>
    public (TokenBucket Bucket, int Granted) Take(int wanted, DateTimeOffset now)
    {
        var refilled = RefilledAt(now);
        var granted = Math.Max(0, Math.Min(wanted, refilled.WholeTokens(now)));
        return (refilled with { Tokens = Math.Max(0, refilled.Tokens - granted) }, granted);
    }

    /// <summary>Unused tokens come back, never beyond the burst (tokens not spent in time are lost, as if never granted).</summary>
    public TokenBucket Return(int count, DateTimeOffset now)
    {
        var refilled = RefilledAt(now);
        return refilled with { Tokens = Math.Min(Capacity, refilled.Tokens + Math.Max(0, count)) };
    }

    /// <summary>How long until <paramref name="count"/> whole tokens (at most the burst) are available; zero if they are.</summary>
    public TimeSpan TimeUntil(int count, DateTimeOffset now)
    {
        var missing = Math.Min(count, Capacity) - RefilledAt(now).Tokens - Epsilon;
        // Rounded up: a timer set for this must not fire a tick before the token is whole.
        return missing <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(missing / RatePerSecond * TimeSpan.TicksPerSecond));
    }
}
