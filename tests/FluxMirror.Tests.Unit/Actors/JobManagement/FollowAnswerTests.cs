using Akka.Actor;
using FluxMirror.Actors.JobManagement;
using FluxMirror.Actors.Jobs;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Tests.Unit.Actors.JobManagement;

/// <summary>
/// The coordinator's event stream takes a follow without an answer for a lost one (its job manager's node died with
/// it), so a live job must answer a follow at once, even before its first entry is planned.
/// </summary>
public sealed class FollowAnswerTests
{
    [Fact]
    public async Task A_job_that_has_planned_nothing_yet_answers_a_follow_at_once_with_its_progress()
    {
        using var system = ActorSystem.Create("follow-" + Guid.NewGuid().ToString("N")[..8], "akka.loglevel = WARNING\nakka.stdout-loglevel = OFF");
        var hub = system.ActorOf(Props.Create(() => new JobEventHub()), "events-j1");
        system.ActorOf(Props.Create(() => new ReportAggregatorActor("j1", 3, "flux-mirror/v0.0.0", hub)), "report-j1");

        var answer = await hub.Ask<object>(new FollowJob("j1"), TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(new JobProgress("j1", EntriesDone: 0, EntriesTotal: 3, TagsDone: 0, TagsTotal: 0, BytesUploaded: 0), answer);
    }
}
