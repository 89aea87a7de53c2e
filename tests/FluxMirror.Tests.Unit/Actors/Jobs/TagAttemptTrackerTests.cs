using FluxMirror.Actors.Jobs;
using FluxMirror.Domain.Mirroring;

namespace FluxMirror.Tests.Unit.Actors.Jobs;

public class TagAttemptTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TagCopySpec Copy = new(0, 0, EntryKind.Artifact, "1.0.0", "a/b", "c/d", "1.0.0", null, false, false);

    [Fact]
    public void Retries_with_doubling_backoff_until_retries_are_used()
    {
        var tracker = TagAttemptTracker.Start(Copy, T0, TimeSpan.FromMinutes(5));
        var delays = new List<TimeSpan>();
        RetryDecision decision;
        while ((decision = tracker.OnFailure("boom", false, retries: 3, T0)).Retry)
        {
            delays.Add(decision.Delay);
            tracker = decision.Next!;
        }

        Assert.Equal([TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800)], delays);
        Assert.Equal(3, tracker.Attempt);
        Assert.Equal("boom", decision.FinalError);
    }

    [Fact]
    public void Zero_retries_fails_on_first_error()
    {
        var decision = TagAttemptTracker.Start(Copy, T0, TimeSpan.FromMinutes(5)).OnFailure("nope", false, 0, T0);
        Assert.False(decision.Retry);
        Assert.Equal("nope", decision.FinalError);
    }

    [Fact]
    public void A_backoff_past_the_budget_gives_up_naming_the_last_error()
    {
        var tracker = TagAttemptTracker.Start(Copy, T0, TimeSpan.FromMilliseconds(100));
        var decision = tracker.OnFailure("503 busy", false, 3, T0);
        Assert.False(decision.Retry);
        Assert.Equal("attempts exhausted (1) after context deadline exceeded; last: 503 busy", decision.FinalError);
    }

    [Fact]
    public void Deadline_during_an_attempt_is_not_retried()
    {
        var tracker = TagAttemptTracker.Start(Copy, T0, TimeSpan.FromSeconds(1));
        var first = tracker.OnFailure("reset", false, 3, T0);
        var decision = first.Next!.OnFailure("context deadline exceeded", true, 3, T0.AddSeconds(1));
        Assert.False(decision.Retry);
        Assert.Equal("attempts exhausted (2) after context deadline exceeded; last: reset", decision.FinalError);
    }

    [Fact]
    public void Remaining_budget_never_goes_negative()
    {
        var tracker = TagAttemptTracker.Start(Copy, T0, TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(1), tracker.Remaining(T0.AddSeconds(1)));
        Assert.Equal(TimeSpan.Zero, tracker.Remaining(T0.AddSeconds(5)));
    }
}
