namespace FluxMirror.Actors.RateLimit;

/// <summary>
/// The request budget of one registry host: how many requests may be in flight (an AIMD limit between 1 and
/// <see cref="Max"/>: halved on throttling, lowered by one for a batch of outcomes with a failure, raised by one for
/// each full window of successes), how many are, and until when the host is paused. Immutable.
/// </summary>
public sealed record HostBudget(int Max, int Limit, int InUse, int SuccessStreak, DateTimeOffset PausedUntil)
{
    public static HostBudget Create(int max) => new(max, max, 0, 0, DateTimeOffset.MinValue);

    public int Available => Math.Max(0, Limit - InUse);

    public bool IsPaused(DateTimeOffset now) => now < PausedUntil;

    public HostBudget Grant(int count) => this with { InUse = InUse + count };

    public HostBudget Return(int count, int succeeded, int failed)
    {
        var next = this with { InUse = Math.Max(0, InUse - count) };
        if (failed > 0)
        {
            return next with { Limit = Math.Max(1, Limit - 1), SuccessStreak = 0 };
        }

        // Gates report outcomes in batches (when they give idle permits back), so one batch can hold several full
        // windows: each raises the limit by one, as the same successes reported one window at a time would.
        var (limit, streak) = (Limit, SuccessStreak + succeeded);
        while (streak >= limit && limit < Max)
        {
            streak -= limit;
            limit++;
        }

        return next with { Limit = limit, SuccessStreak = limit < Max ? streak : 0 };
    }

    /// <summary>An operator's new maximum (<c>ratelimit set</c>): the adaptive limit starts over from it.</summary>
    public HostBudget Resize(int max) => this with { Max = max, Limit = max, SuccessStreak = 0 };

    /// <summary>Permits of a holder that died: free again, but they say nothing about how the host copes.</summary>
    public HostBudget Reclaim(int count) => this with { InUse = Math.Max(0, InUse - count) };

    public HostBudget Throttle(DateTimeOffset now, TimeSpan retryAfter)
    {
        var until = now + retryAfter;
        return this with
        {
            Limit = Math.Max(1, Limit / 2),
            SuccessStreak = 0,
            PausedUntil = until > PausedUntil ? until : PausedUntil,
        };
    }
}
