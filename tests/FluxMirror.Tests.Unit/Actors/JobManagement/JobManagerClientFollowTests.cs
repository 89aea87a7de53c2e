using Akka.Actor;
using FluxMirror.Actors.JobManagement;
using FluxMirror.Protocol.Messages;
using static FluxMirror.Tests.Unit.Actors.JobManagement.HubHarness;

namespace FluxMirror.Tests.Unit.Actors.JobManagement;

/// <summary>The follow stream the HTTP endpoint writes: bounded, ended for a reader that stops, and followable again.</summary>
public sealed class JobManagerClientFollowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reader_that_stops_reading_gets_a_stream_that_ends_and_a_new_follow_has_every_row_once()
    {
        await using var harness = Start(entries: 1);
        // The job manager forwards follows to the hub; here the client talks to the hub directly.
        var client = new JobManagerClient(harness.System, harness.Hub);
        var plan = Plan(0, 6000);
        harness.Planned(plan);
        await using var stalled = client.FollowAsync(JobId, Ct).GetAsyncEnumerator(Ct);
        Assert.True(await stalled.MoveNextAsync());
        Assert.IsType<EntryPlanned>(stalled.Current);

        harness.Finished(plan);
        harness.Completed();
        var rows = new List<int>();
        await foreach (var evt in client.FollowAsync(JobId, Ct).WithCancellation(Ct))
        {
            if (evt is TagRowFinished row)
            {
                rows.Add(row.Copy.TagIndex);
            }
        }

        // The second follow ran to the report after every event was relayed, so the stalled one was dropped by then:
        // what it still reads is what was in flight to it, and its stream ends without a report.
        Assert.Equal(Enumerable.Range(0, 6000), rows);
        var rest = new List<IWithJobId>();
        while (await stalled.MoveNextAsync().AsTask().WaitAsync(Patience, Ct))
        {
            rest.Add(stalled.Current);
        }

        Assert.InRange(rest.Count, 1, JobEventHub.Window);
        Assert.DoesNotContain(rest, e => e is JobFinished);
    }

    [Fact]
    public async Task A_refused_follow_throws_the_refusal()
    {
        await using var harness = Start(entries: 1);
        var manager = harness.System.ActorOf(Props.Create(() => new RefusingManager()));
        var client = new JobManagerClient(harness.System, manager);

        var error = await Assert.ThrowsAsync<JobRejectedException>(async () =>
        {
            await foreach (var _ in client.FollowAsync(JobId, Ct).WithCancellation(Ct))
            {
            }
        });

        Assert.Equal("job job-1 already has 16 followers; follow it again once one of them has ended", error.Message);
        Assert.True(error.Busy);
    }

    /// <summary>A job manager whose follower book is full.</summary>
    internal sealed class RefusingManager : ReceiveActor
    {
        public RefusingManager() => Receive<FollowJob>(f =>
            Sender.Tell(new JobRejected($"job {f.JobId} already has 16 followers; follow it again once one of them has ended", Busy: true)));
    }
}
