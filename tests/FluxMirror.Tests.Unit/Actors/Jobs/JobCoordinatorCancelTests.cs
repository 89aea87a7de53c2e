using Akka.Actor;
using FluxMirror.Actors.Jobs;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Tests.Unit.Actors.Jobs;

/// <summary><c>job cancel</c> at the coordinator: nothing starts any more, and the job still ends with a row for every tag and entry.</summary>
public sealed partial class JobCoordinatorActorTests
{
    private const string CancelError = "job cancelled: by an operator";

    [Fact]
    public async Task A_cancelled_job_starts_nothing_more_and_reports_what_was_left_as_cancelled()
    {
        var planner = new ScriptedPlanner(3, 2, 1);
        planner.Hold(1);
        var (region, aggregator) = (CreateTestProbe(), CreateTestProbe());
        var coordinator = Start(planner, new JobOptions(Concurrency: 1), region, aggregator, NoRedelivery);
        Assert.Equal((0, 0), Key(await Attempt(region)));
        coordinator.Tell(Succeeded(0, 0, attempt: 0));
        var inFlight = await Attempt(region);
        Assert.Equal((0, 1), Key(inFlight));

        var answer = await coordinator.Ask<JobCancelAnswered>(new CancelJob(JobId, "by an operator"), Patience, Ct);
        // The worker's late answer for the copy that was in flight changes nothing.
        coordinator.Tell(Succeeded(0, 1, inFlight.Attempt));

        Assert.False(answer.AlreadyEnding);
        var events = new List<object>();
        await aggregator.FishForMessageAsync(m =>
        {
            events.Add(m);
            return m is JobCompleted;
        }, Patience, cancellationToken: Ct);
        await region.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Ct);

        var rows = events.OfType<TagRowFinished>().ToDictionary(r => Key(r.Copy));
        Assert.Equal([(0, 0), (0, 1), (0, 2)], rows.Keys.Order());
        Assert.NotEqual(TagStatus.Failed, rows[(0, 0)].Row.Status);
        Assert.All(new[] { rows[(0, 1)], rows[(0, 2)] }, r => Assert.Equal((TagStatus.Failed, CancelError), (r.Row.Status, r.Row.Error)));
        var plans = events.OfType<EntryPlanned>().ToDictionary(p => p.Plan.Entry.Index, p => p.Plan);
        Assert.Equal([0, 1, 2], plans.Keys.Order());
        Assert.Equal(CancelError, plans[1].PlanError);
        Assert.Equal(new EntryPlan(planner.Describe(2), [], CancelError), plans[2] with { Copies = [] });
        Assert.Empty(plans[2].Copies);
    }

    [Fact]
    public void A_cancel_survives_a_snapshot()
    {
        var cancelled = new JobCancelled(JobId, "by an operator", DateTimeOffset.UnixEpoch);
        var state = JobState.Empty(1).Apply(cancelled);

        var restored = JobState.Empty(1).Apply(state.ToSnapshot(JobId));

        Assert.Equal(cancelled, restored.Cancelled);
        Assert.Equal(cancelled, restored.Apply(cancelled with { Reason = "again" }).Cancelled);
    }
}
