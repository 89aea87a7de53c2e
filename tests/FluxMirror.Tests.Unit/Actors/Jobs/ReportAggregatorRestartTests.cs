using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.TestKit;
using FluxMirror.Actors.Jobs;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Tests.Unit.Actors.Jobs;

/// <summary>
/// A report aggregator that fails mid-job is restarted and must go on as if it had not: a real job coordinator over
/// the in-memory journal drives it, and a relay between them turns one chosen event into a message the aggregator
/// cannot fold, so the event it fails on is lost on the way and only the journal still has it.
/// </summary>
public sealed class ReportAggregatorRestartTests(ITestOutputHelper output)
    : Akka.Hosting.TestKit.TestKit(nameof(ReportAggregatorRestartTests), output, logLevel: Microsoft.Extensions.Logging.LogLevel.Warning)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static readonly JobCoordinatorSettings NoRedelivery = new(TimeSpan.FromMinutes(10));

    // What the aggregator cannot fold: a plan without its plan (the fold reads its entry index).
    private static readonly EntryPlanned Poison = new(JobId, null!);

    private const string JobId = "job-1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.WithInMemoryJournal().WithInMemorySnapshotStore();

    [Fact]
    public async Task A_row_the_aggregator_failed_on_still_reaches_the_follower_and_the_report_and_progress_never_goes_back()
    {
        var follower = CreateTestProbe();
        var rowsSeen = 0;
        var (coordinator, region) = StartJob(follower, m => m is TagRowFinished && ++rowsSeen == 2, tags: 3);
        await AnswerAllAsync(coordinator, region, tags: 3);

        var messages = await UntilFinishedAsync(follower);

        var rows = messages.OfType<TagRowFinished>().Select(r => r.Copy.TagIndex).ToList();
        Assert.Equal([0, 1, 2], rows.Order());
        var progress = messages.OfType<JobProgress>().Select(p => p.TagsDone).ToList();
        Assert.Equal(progress.Order(), progress);
        Assert.Equal(3, progress[^1]);
        var report = messages.OfType<JobFinished>().Single().Report;
        Assert.Equal(["1.0.0", "1.1.0", "1.2.0"], report.Results.Single().Tags.Select(t => t.Tag));
    }

    [Fact]
    public async Task A_completion_the_aggregator_failed_on_still_ends_in_the_report_after_the_coordinator_has_stopped()
    {
        var follower = CreateTestProbe();
        var (coordinator, region) = StartJob(follower, m => m is JobCompleted, tags: 2);
        var watcher = CreateTestProbe();
        watcher.Watch(coordinator);
        await AnswerAllAsync(coordinator, region, tags: 2);

        var messages = await UntilFinishedAsync(follower);

        await watcher.ExpectTerminatedAsync(coordinator, Patience, cancellationToken: Ct);
        var report = messages.OfType<JobFinished>().Single().Report;
        Assert.Equal(2, report.Results.Single().Tags.Count);
        Assert.Equal(2, report.Summary.Copied + report.Summary.Skipped);
    }

    [Fact]
    public async Task A_late_followers_catch_up_after_a_restart_has_every_row_so_far_and_their_progress()
    {
        var follower = CreateTestProbe();
        var (coordinator, region) = StartJob(follower, _ => false, tags: 3, out var aggregator);
        for (var tag = 0; tag < 2; tag++)
        {
            var attempt = await region.ExpectMsgAsync<RunTagAttempt>(Patience, cancellationToken: Ct);
            coordinator.Tell(Succeeded(attempt));
            await follower.FishForMessageAsync<TagRowFinished>(r => r.Copy.TagIndex == tag, Patience, cancellationToken: Ct);
        }

        aggregator.Tell(Poison);
        var asker = CreateTestProbe();
        aggregator.Tell(new CatchUpRequest(asker), asker);

        var catchUp = await asker.ExpectMsgAsync<CatchUp>(Patience, cancellationToken: Ct);
        Assert.Equal([0, 1], catchUp.Events.OfType<TagRowFinished>().Select(r => r.Copy.TagIndex));
        Assert.Equal(2, catchUp.Events.OfType<JobProgress>().Single().TagsDone);

        // And the job goes on to its report through the restarted aggregator.
        coordinator.Tell(Succeeded(await region.ExpectMsgAsync<RunTagAttempt>(Patience, cancellationToken: Ct)));
        var report = (await UntilFinishedAsync(follower)).OfType<JobFinished>().Single().Report;
        Assert.Equal(3, report.Results.Single().Tags.Count);
    }

    [Fact]
    public async Task Failures_in_a_row_each_restart_it_from_what_the_one_before_had_and_the_job_still_reports()
    {
        var follower = CreateTestProbe();
        var (coordinator, region) = StartJob(follower, _ => false, tags: 2, out var aggregator);
        coordinator.Tell(Succeeded(await region.ExpectMsgAsync<RunTagAttempt>(Patience, cancellationToken: Ct)));
        await follower.FishForMessageAsync<TagRowFinished>(_ => true, Patience, cancellationToken: Ct);

        // The second and third arrive while it re-reads the journal: held, then failed on in turn.
        for (var i = 0; i < 3; i++)
        {
            aggregator.Tell(Poison);
        }

        coordinator.Tell(Succeeded(await region.ExpectMsgAsync<RunTagAttempt>(Patience, cancellationToken: Ct)));
        var messages = await UntilFinishedAsync(follower);

        Assert.Equal([1], messages.OfType<TagRowFinished>().Select(r => r.Copy.TagIndex));
        Assert.DoesNotContain(messages.OfType<JobProgress>(), p => p.TagsDone < 1);
        Assert.Equal(2, messages.OfType<JobFinished>().Single().Report.Results.Single().Tags.Count);
    }

    private (IActorRef Coordinator, TestProbe Region) StartJob(TestProbe follower, Func<object, bool> lost, int tags) =>
        StartJob(follower, lost, tags, out _);

    private (IActorRef Coordinator, TestProbe Region) StartJob(TestProbe follower, Func<object, bool> lost, int tags, out IActorRef aggregator)
    {
        var region = CreateTestProbe();
        var target = Sys.ActorOf(Props.Create(() => new ReportAggregatorActor(JobId, 1, "flux-mirror", follower)));
        aggregator = target;
        var relay = Sys.ActorOf(Props.Create(() => new LossyRelay(target, lost)));
        var planner = new ScriptedPlanner(tags);
        var coordinator = Sys.ActorOf(Props.Create(() => new JobCoordinatorActor(JobId, planner, new JobOptions(Concurrency: 1), region, relay, new FixedWorkers(1), NoRedelivery)));
        return (coordinator, region);
    }

    private static async Task AnswerAllAsync(IActorRef coordinator, TestProbe region, int tags)
    {
        for (var i = 0; i < tags; i++)
        {
            coordinator.Tell(Succeeded(await region.ExpectMsgAsync<RunTagAttempt>(Patience, cancellationToken: Ct)));
        }
    }

    private static async Task<List<object>> UntilFinishedAsync(TestProbe follower)
    {
        var messages = new List<object>();
        await follower.FishForMessageAsync(m =>
        {
            messages.Add(m);
            return m is JobFinished;
        }, Patience, cancellationToken: Ct);
        return messages;
    }

    private static TagAttemptSucceeded Succeeded(RunTagAttempt attempt) =>
        new(JobId, attempt.Copy.EntryIndex, attempt.Copy.TagIndex, attempt.Attempt, new TagAttemptResult(TagStatus.Copied, "sha256:" + new string('a', 64)), "worker-1");

    /// <summary>Passes the coordinator's events on, but one chosen event becomes <see cref="Poison"/>.</summary>
    private sealed class LossyRelay : ReceiveActor
    {
        public LossyRelay(IActorRef target, Func<object, bool> lost) => ReceiveAny(m => target.Forward(lost(m) ? Poison : m));
    }
}
