using FluxMirror.Domain.Mirroring;
using FluxMirror.Registry.Transport;

namespace FluxMirror.Actors.Jobs;

/// <summary>
/// Retry bookkeeping of one tag copy, as the reference's runner does it: up to --retries extra attempts,
/// 200ms·2^n backoff, all inside one --timeout budget that starts with the first attempt.
/// Immutable: each step returns the next state.
/// </summary>
public sealed record TagAttemptTracker(TagCopySpec Copy, int Attempt, DateTimeOffset Started, DateTimeOffset Deadline, string? LastError)
{
    public static TagAttemptTracker Start(TagCopySpec copy, DateTimeOffset now, TimeSpan budget) => new(copy, 0, now, now + budget, null);

    public TimeSpan Remaining(DateTimeOffset now) => Deadline > now ? Deadline - now : TimeSpan.Zero;

    /// <summary>What to do after a failed attempt: retry after a delay, or give up with the row's error.</summary>
    public RetryDecision OnFailure(string error, bool deadlineExceeded, int retries, DateTimeOffset now)
    {
        if (deadlineExceeded)
        {
            return RetryDecision.GiveUp(LastError is null ? error : $"attempts exhausted ({Attempt + 1}) after context deadline exceeded; last: {LastError}");
        }

        if (Attempt >= retries)
        {
            return RetryDecision.GiveUp(error);
        }

        var backoff = JobOptions.Backoff(Attempt);
        if (now + backoff >= Deadline)
        {
            return RetryDecision.GiveUp($"attempts exhausted ({Attempt + 1}) after context deadline exceeded; last: {error}");
        }

        return RetryDecision.RetryAfter(backoff, this with { Attempt = Attempt + 1, LastError = error });
    }
}

public sealed record RetryDecision(bool Retry, TimeSpan Delay, TagAttemptTracker? Next, string? FinalError)
{
    public static RetryDecision GiveUp(string error) => new(false, TimeSpan.Zero, null, error);

    public static RetryDecision RetryAfter(TimeSpan delay, TagAttemptTracker next) => new(true, delay, next, null);
}
