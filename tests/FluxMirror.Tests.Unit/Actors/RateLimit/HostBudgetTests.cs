using FluxMirror.Actors.RateLimit;

namespace FluxMirror.Tests.Unit.Actors.RateLimit;

public sealed class HostBudgetTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reclaimed_permits_are_free_again_without_counting_as_outcomes()
    {
        var budget = HostBudget.Create(4).Grant(4);

        var reclaimed = budget.Reclaim(3);

        Assert.Equal(3, reclaimed.Available);
        Assert.Equal(budget.Limit, reclaimed.Limit);
        Assert.Equal(budget.SuccessStreak, reclaimed.SuccessStreak);
        Assert.Equal(0, reclaimed.Reclaim(10).InUse);
    }

    [Fact]
    public void Failures_lower_the_limit_and_a_full_window_of_successes_raises_it()
    {
        var lowered = HostBudget.Create(4).Grant(2).Return(2, succeeded: 1, failed: 1);
        Assert.Equal(3, lowered.Limit);

        var raised = lowered.Grant(3).Return(3, succeeded: 3, failed: 0);
        Assert.Equal(4, raised.Limit);
        Assert.Equal(0, raised.InUse);
    }

    [Fact]
    public void A_batch_of_successes_raises_the_limit_once_per_full_window_it_holds()
    {
        // Limit 2 → 3 → 4 → 5 takes 2 + 3 + 4 = 9 successes; the tenth starts the next window.
        var lowered = HostBudget.Create(8) with { Limit = 2 };

        var raised = lowered.Grant(2).Return(2, succeeded: 10, failed: 0);

        Assert.Equal(5, raised.Limit);
        Assert.Equal(1, raised.SuccessStreak);
        Assert.Equal(8, lowered.Return(0, succeeded: 1_000, failed: 0).Limit);
    }

    [Fact]
    public void Throttling_halves_the_limit_and_pauses_until_the_later_deadline()
    {
        var budget = HostBudget.Create(8).Throttle(T0, TimeSpan.FromSeconds(30)).Throttle(T0, TimeSpan.FromSeconds(5));

        Assert.Equal(2, budget.Limit);
        Assert.True(budget.IsPaused(T0 + TimeSpan.FromSeconds(29)));
        Assert.False(budget.IsPaused(T0 + TimeSpan.FromSeconds(30)));
    }
}
