using Akka.Actor;
using FluxMirror.Actors.JobManagement;
using FluxMirror.Protocol.Messages;
using static FluxMirror.Tests.Unit.Actors.JobManagement.HubHarness;

namespace FluxMirror.Tests.Unit.Actors.JobManagement;

/// <summary>
/// The hub keeps no history: late followers catch up from the aggregator's state, each follower has a bounded window
/// and backlog, and a follower that stops reading is dropped and can follow again.
/// </summary>
public sealed class JobEventHubTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_late_follower_of_a_resumed_job_gets_every_row_exactly_once_and_the_report()
    {
        await using var harness = Start(entries: 3);
        var (earlier, middle, later) = (Plan(0, 100), Plan(1, 1500), Plan(2, 500));
        harness.Aggregator.Tell(new JobRecovered(JobId, [earlier], [.. Enumerable.Range(0, 100).Select(t => Row(earlier, t))]));
        harness.Planned(middle);
        harness.Finished(middle);

        var follower = harness.Follow();
        harness.Planned(later);
        harness.Finished(later);
        harness.Completed();
        var messages = await follower.UntilEndAsync(Ct);

        var recovered = Assert.Single(messages.OfType<JobRecovered>());
        Assert.Same(recovered, messages[0]);
        Assert.Equal([1, 2], messages.OfType<EntryPlanned>().Select(p => p.Plan.Entry.Index));
        var rows = recovered.Rows.Concat(messages.OfType<TagRowFinished>()).Select(r => (r.Copy.EntryIndex, r.Copy.TagIndex)).ToList();
        Assert.Equal(2100, rows.Count);
        Assert.Equal(2100, rows.Distinct().Count());
        var finished = Assert.IsType<JobFinished>(messages[^1]);
        Assert.Equal(2100, finished.Report.Results.Sum(r => r.Tags.Count));
        Assert.Equal(2100, messages.OfType<JobProgress>().Last().TagsDone);
    }

    [Fact]
    public async Task A_follower_that_stops_reading_is_dropped_with_a_bounded_backlog_and_a_new_follow_catches_up()
    {
        await using var harness = Start(entries: 1);
        var plan = Plan(0, 6000);
        harness.Planned(plan);
        var silent = harness.Follow(acknowledges: false);

        // Each row is relayed with a progress event: 12 000 events, far past what the hub holds for one follower.
        for (var from = 0; from < plan.Copies.Count; from += 500)
        {
            harness.Finished(plan, from, from + 500);
            Assert.InRange(await harness.BacklogAsync(Ct), 0, JobEventHub.MaxBacklog);
        }

        harness.Completed();
        var cut = await silent.UntilEndAsync(Ct);
        Assert.Equal(JobEventHub.Window, cut.Count - 1);
        var dropped = Assert.IsType<FollowDropped>(cut[^1]);
        Assert.Equal($"fell more than {JobEventHub.MaxBacklog} events behind the job; follow it again to catch up", dropped.Reason);

        var again = await harness.Follow().UntilEndAsync(Ct);
        var rows = again.OfType<TagRowFinished>().Select(r => r.Copy.TagIndex).ToList();
        Assert.Equal(Enumerable.Range(0, 6000), rows);
        Assert.IsType<JobFinished>(again[^1]);
        Assert.Equal(0, await harness.BacklogAsync(Ct));
    }

    [Fact]
    public async Task A_follower_after_the_finish_still_gets_every_row_and_the_report()
    {
        await using var harness = Start(entries: 1);
        var plan = Plan(0, 300);
        harness.Planned(plan);
        harness.Finished(plan);
        harness.Completed();
        // A first follower that reads to the end makes sure the hub has seen the finish.
        await harness.Follow().UntilEndAsync(Ct);

        var late = await harness.Follow().UntilEndAsync(Ct);

        Assert.Equal(Enumerable.Range(0, 300), late.OfType<TagRowFinished>().Select(r => r.Copy.TagIndex));
        Assert.Equal(300, Assert.IsType<JobFinished>(late[^1]).Report.Results.Single().Tags.Count);
    }

    [Fact]
    public async Task A_hub_that_fails_drops_its_followers_with_a_reason_and_a_follow_during_its_restart_catches_up_to_the_report()
    {
        await using var harness = Start(entries: 1);
        var plan = Plan(0, 3);
        harness.Planned(plan);
        harness.Finished(plan, 0, 1);
        var before = harness.Follow();
        await before.Received.ReadAsync(Ct).AsTask().WaitAsync(Patience, Ct);

        // A message the hub cannot handle (it watches what it is attached to), then a follow at once: it arrives while
        // the restarted hub has not got its aggregator back, and must wait for it rather than hear "not running".
        harness.Hub.Tell(new JobEventHub.Attach(null!));
        var after = harness.Follow();
        harness.Finished(plan, 1);
        harness.Completed();

        var cut = await before.UntilEndAsync(Ct);
        Assert.Contains("restarted", Assert.IsType<FollowDropped>(cut[^1]).Reason);
        var messages = await after.UntilEndAsync(Ct);
        Assert.DoesNotContain(messages, m => m is JobRejected);
        Assert.Equal([0, 1, 2], messages.OfType<TagRowFinished>().Select(r => r.Copy.TagIndex).Order());
        Assert.Equal(3, Assert.IsType<JobFinished>(messages[^1]).Report.Results.Single().Tags.Count);
    }
}
