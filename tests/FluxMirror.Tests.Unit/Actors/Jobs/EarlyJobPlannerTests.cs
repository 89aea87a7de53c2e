using FluxMirror.Actors.Jobs;

namespace FluxMirror.Tests.Unit.Actors.Jobs;

/// <summary>Plans started before the coordinator asks: each handed out once, in order, and dropped when not needed.</summary>
public sealed class EarlyJobPlannerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_entries_start_planning_at_once_and_each_early_plan_is_handed_out_once()
    {
        var inner = new ScriptedPlanner(1, 2, 3, 4);
        using var planner = EarlyJobPlanner.Start(inner, lookAhead: 2);
        Assert.Equal([0, 1], inner.Calls);

        var first = await planner.PlanAsync(0, Ct);

        // Taking entry 0 keeps two entries planned ahead of the coordinator.
        Assert.Equal(0, first.Entry.Index);
        Assert.Single(first.Copies);
        Assert.Equal([0, 1, 2], inner.Calls);

        // Asked again (a coordinator restarted before journaling it): planned anew, not the early plan twice.
        var again = await planner.PlanAsync(0, Ct);
        Assert.Equal(0, again.Entry.Index);
        Assert.Equal([0, 1, 2, 0], inner.Calls);

        Assert.Equal(2, (await planner.PlanAsync(1, Ct)).Copies.Count);
        Assert.Equal([0, 1, 2, 0, 3], inner.Calls);
    }

    [Fact]
    public async Task Early_plans_of_entries_the_coordinator_skips_are_cancelled_and_the_rest_when_disposed()
    {
        var inner = new ScriptedPlanner(1, 1, 1, 1);
        inner.Hold(0);
        inner.Hold(3);
        var planner = EarlyJobPlanner.Start(inner, lookAhead: 4);

        // A resumed job had journaled entry 0's plan: it asks for entry 1 first.
        Assert.Equal(1, (await planner.PlanAsync(1, Ct)).Entry.Index);
        await inner.WhenCancelled(0).WaitAsync(Patience, Ct);
        Assert.Equal([0], inner.Cancelled);

        planner.Dispose();
        await inner.WhenCancelled(3).WaitAsync(Patience, Ct);
        Assert.Equal([0, 3], inner.Cancelled);
        Assert.Equal([0, 1, 2, 3], inner.Calls);
    }

    [Fact]
    public async Task Cancelling_the_coordinators_planning_cancels_the_early_plan_it_took()
    {
        var inner = new ScriptedPlanner(1);
        inner.Hold(0);
        using var planner = EarlyJobPlanner.Start(inner, lookAhead: 1);
        using var coordinator = new CancellationTokenSource();

        var plan = planner.PlanAsync(0, coordinator.Token);
        await coordinator.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => plan);
        Assert.Equal([0], inner.Cancelled);
    }

    [Fact]
    public async Task A_failing_early_plan_fails_the_coordinators_call_with_the_same_exception()
    {
        var inner = new ScriptedPlanner(1, 1);
        var boom = new InvalidOperationException("list tags src.example/e0: connection refused");
        inner.Fail(0, boom);
        using var planner = EarlyJobPlanner.Start(inner, lookAhead: 2);

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => planner.PlanAsync(0, Ct));

        Assert.Same(boom, thrown);
        Assert.Equal([0, 1], inner.Calls);
    }

    [Fact]
    public void A_planner_that_throws_instead_of_returning_a_task_throws_again_when_the_coordinator_asks()
    {
        var inner = new ScriptedPlanner(1);
        var boom = new InvalidOperationException("no verifier");
        inner.Fail(0, boom, synchronously: true);
        using var planner = EarlyJobPlanner.Start(inner, lookAhead: 1);

        Assert.Same(boom, Assert.Throws<InvalidOperationException>(() => { _ = planner.PlanAsync(0, Ct); }));
        Assert.Equal([0, 0], inner.Calls);
    }

    [Fact]
    public async Task With_no_look_ahead_nothing_is_planned_before_it_is_asked_for()
    {
        var inner = new ScriptedPlanner(1, 1);
        using var planner = EarlyJobPlanner.Start(inner, lookAhead: 0);
        Assert.Empty(inner.Calls);

        await planner.PlanAsync(0, Ct);
        Assert.Equal([0], inner.Calls);
    }
}
