using System.Diagnostics;
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
/// The job coordinator on its own: probes stand in for the tag-copy region and the report aggregator, a scripted
/// planner for the registries, and the in-memory journal for the database.
/// </summary>
public sealed partial class JobCoordinatorActorTests(ITestOutputHelper output)
    : Akka.Hosting.TestKit.TestKit(nameof(JobCoordinatorActorTests), output, logLevel: Microsoft.Extensions.Logging.LogLevel.Warning)
{
    // Bounds for what must happen: generous, because a busy 2-core machine delays every message.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // Long enough that no redelivery interferes with a test about something else.
    private static readonly JobCoordinatorSettings NoRedelivery = new(TimeSpan.FromMinutes(10));

    private const string JobId = "job-1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.WithInMemoryJournal().WithInMemorySnapshotStore();

    [Fact]
    public async Task Entries_are_planned_in_order_and_tag_copies_dispatched_in_order_within_concurrency_times_workers()
    {
        var planner = new ScriptedPlanner(2, 2, 2);
        var (region, aggregator) = (CreateTestProbe(), CreateTestProbe());
        var coordinator = Start(planner, new JobOptions(Concurrency: 2), region, aggregator, NoRedelivery, workers: 2);

        // Four slots (2 per worker × 2 workers): the first two entries' copies go out, the third entry's wait.
        var dispatched = new List<(int, int)>();
        for (var i = 0; i < 4; i++)
        {
            dispatched.Add(Key(await Attempt(region)));
        }

        var planned = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            planned.Add((await aggregator.ExpectMsgAsync<EntryPlanned>(Patience, cancellationToken: Ct)).Plan.Entry.Index);
        }

        Assert.Equal([(0, 0), (0, 1), (1, 0), (1, 1)], dispatched);
        Assert.Equal([0, 1, 2], planned);
        Assert.Equal([0, 1, 2], planner.Calls);
        await region.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(500), Ct);

        // Each answer frees one slot, and the next copy in plan order takes it.
        coordinator.Tell(Succeeded(0, 1, attempt: 0));
        Assert.Equal((2, 0), Key(await Attempt(region)));
        coordinator.Tell(Succeeded(1, 0, attempt: 0));
        Assert.Equal((2, 1), Key(await Attempt(region)));
        await region.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Ct);

        foreach (var (entry, tag) in new[] { (0, 0), (1, 1), (2, 0), (2, 1) })
        {
            coordinator.Tell(Succeeded(entry, tag, attempt: 0));
        }

        await ExpectCompletedAsync(aggregator, rows: 6);
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_after_its_backoff_until_the_retries_are_spent_then_the_row_fails()
    {
        var planner = new ScriptedPlanner(1);
        var (region, aggregator) = (CreateTestProbe(), CreateTestProbe());
        var coordinator = Start(planner, new JobOptions(Concurrency: 1, Retries: 2), region, aggregator, NoRedelivery);
        Assert.Equal(0, (await Attempt(region)).Attempt);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var clock = Stopwatch.StartNew();
            coordinator.Tell(Failed(0, 0, attempt, $"boom {attempt}"));

            var retry = await Attempt(region);
            Assert.Equal(attempt + 1, retry.Attempt);
            Assert.Equal(ScriptedPlanner.Copy(0, 0), retry.Copy);
            Assert.True(clock.Elapsed >= JobOptions.Backoff(attempt) * 0.9, $"retry {attempt + 1} came after {clock.Elapsed.TotalMilliseconds:0} ms, before its {JobOptions.Backoff(attempt).TotalMilliseconds:0} ms backoff");
        }

        coordinator.Tell(Failed(0, 0, 2, "boom 2"));

        var row = await aggregator.FishForMessageAsync<TagRowFinished>(_ => true, Patience, cancellationToken: Ct);
        Assert.Equal(TagStatus.Failed, row.Row.Status);
        Assert.Equal("boom 2", row.Row.Error);
        await region.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(500), Ct);
        await aggregator.FishForMessageAsync<JobCompleted>(_ => true, Patience, cancellationToken: Ct);
    }

    [Fact]
    public async Task An_unanswered_attempt_is_sent_again_at_the_redelivery_interval_with_the_same_attempt_number()
    {
        var every = TimeSpan.FromMilliseconds(300);
        var planner = new ScriptedPlanner(1);
        var (region, aggregator) = (CreateTestProbe(), CreateTestProbe());
        var coordinator = Start(planner, new JobOptions(Concurrency: 1), region, aggregator, new JobCoordinatorSettings(every));

        var first = await Attempt(region);

        // Within ten intervals, so well before the production interval: the coordinator uses the one it was given.
        var again = await region.ExpectMsgAsync<RunTagAttempt>(every * 10, cancellationToken: Ct);

        Assert.Equal(first.Copy, again.Copy);
        Assert.Equal(first.Attempt, again.Attempt);

        // Each send carries what is left of the budget, so the difference is when the coordinator sent them.
        var between = first.Budget - again.Budget;
        Assert.True(between >= every * 0.9, $"sent again {between.TotalMilliseconds:0} ms after the first, the interval is {every.TotalMilliseconds:0} ms");

        // Answered: the redeliveries stop. Those sent before the answer was handled are queued by the time the
        // aggregator hears of the row, so drain them, then several intervals pass without another.
        coordinator.Tell(Succeeded(0, 0, first.Attempt));
        await aggregator.FishForMessageAsync<TagRowFinished>(_ => true, Patience, cancellationToken: Ct);
        while (region.HasMessages)
        {
            Assert.Equal(first.Attempt, (await Attempt(region)).Attempt);
        }

        await region.ExpectNoMsgAsync(every * 4, Ct);
    }

    [Fact]
    public async Task A_coordinator_restarted_on_the_same_journal_runs_only_what_had_not_finished()
    {
        var planner = new ScriptedPlanner(3, 1);
        planner.Hold(1);
        var (region, aggregator) = (CreateTestProbe(), CreateTestProbe());
        var first = Start(planner, new JobOptions(Concurrency: 1), region, aggregator, NoRedelivery);

        // Tag 0 finishes (journaled before the aggregator hears of it), tag 1 is handed out, entry 1 is still planning.
        Assert.Equal((0, 0), Key(await Attempt(region)));
        first.Tell(Succeeded(0, 0, attempt: 0));
        Assert.Equal((0, 1), Key(await Attempt(region)));
        Assert.Equal(0, (await aggregator.FishForMessageAsync<TagRowFinished>(_ => true, Patience, cancellationToken: Ct)).Copy.TagIndex);
        await StopAsync(first);

        planner.Release(1);
        var second = Start(planner, new JobOptions(Concurrency: 1), region, aggregator, NoRedelivery);

        var recovered = await aggregator.FishForMessageAsync<JobRecovered>(_ => true, Patience, cancellationToken: Ct);
        Assert.Equal([0], recovered.Plans.Select(p => p.Entry.Index));
        Assert.Equal([(0, 0)], recovered.Rows.Select(r => Key(r.Copy)));

        // The unfinished copies in plan order, starting with the one the first coordinator had handed out; never tag 0.
        foreach (var expected in new[] { (0, 1), (0, 2), (1, 0) })
        {
            var attempt = await Attempt(region);
            Assert.Equal(expected, Key(attempt));
            second.Tell(Succeeded(attempt.Copy.EntryIndex, attempt.Copy.TagIndex, attempt.Attempt));
        }

        Assert.Equal([0, 1, 1], planner.Calls);
        var rows = await ExpectCompletedAsync(aggregator, rows: 3);
        Assert.Equal([(0, 1), (0, 2), (1, 0)], rows.Select(r => Key(r.Copy)));

        // Tag 1 had been handed out before the restart and now reads as up to date: it is reported as the copy it was.
        Assert.Equal(TagStatus.Copied, rows[0].Row.Status);
    }

    [Fact]
    public async Task Rows_decided_at_plan_time_are_journaled_and_reported_in_their_turn_without_a_worker_and_copied_rows_keep_their_verification()
    {
        var planner = new ScriptedPlanner(3) { Shape = Verified };
        var (region, aggregator) = (CreateTestProbe(), CreateTestProbe());
        var coordinator = Start(planner, new JobOptions(Concurrency: 1, Retries: 3), region, aggregator, NoRedelivery);

        // Only the verified copy goes to a worker; the decided rows never do, and the failed one is never retried.
        var attempt = await Attempt(region);
        Assert.Equal((0, 0), Key(attempt));
        coordinator.Tell(Succeeded(0, 0, attempt: 0));
        var rows = await ExpectCompletedAsync(aggregator, rows: 3);
        await region.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300), Ct);

        Assert.Equal([(0, 0), (0, 1), (0, 2)], rows.Select(r => Key(r.Copy)));
        Assert.Equal(VerifiedInfo, rows[0].Row.Verification);
        Assert.Equal(TagStatus.Skipped, rows[0].Row.Status);
        Assert.Equal(TooNewRow, rows[1].Row);
        Assert.Equal(VerifyFailedRow, rows[2].Row);
        Assert.Equal(["worker-1", "planner", "planner"], rows.Select(r => r.Worker));
    }

    [Fact]
    public async Task A_restarted_coordinator_reports_the_decided_rows_from_its_journal_without_planning_again()
    {
        var planner = new ScriptedPlanner(3) { Shape = Verified };
        var (region, aggregator) = (CreateTestProbe(), CreateTestProbe());
        var first = Start(planner, new JobOptions(Concurrency: 1), region, aggregator, NoRedelivery);
        Assert.Equal((0, 0), Key(await Attempt(region)));
        await aggregator.FishForMessageAsync<EntryPlanned>(_ => true, Patience, cancellationToken: Ct);
        await StopAsync(first);

        var second = Start(planner, new JobOptions(Concurrency: 1), region, aggregator, NoRedelivery);
        var attempt = await Attempt(region);
        second.Tell(Succeeded(attempt.Copy.EntryIndex, attempt.Copy.TagIndex, attempt.Attempt));

        var rows = await ExpectCompletedAsync(aggregator, rows: 3);
        Assert.Equal([0], planner.Calls);
        Assert.Equal(TooNewRow, rows.Single(r => r.Copy.TagIndex == 1).Row);
        Assert.Equal(VerifyFailedRow, rows.Single(r => r.Copy.TagIndex == 2).Row);
        Assert.Equal(VerifiedInfo, rows.Single(r => r.Copy.TagIndex == 0).Row.Verification);
    }

    [Fact]
    public async Task A_resumed_job_takes_its_journaled_plans_and_the_early_plans_of_those_entries_are_dropped()
    {
        var firstPlanner = new ScriptedPlanner(1, 1);
        firstPlanner.Hold(1);
        var (region, aggregator) = (CreateTestProbe(), CreateTestProbe());
        var first = Start(firstPlanner, new JobOptions(Concurrency: 1), region, aggregator, NoRedelivery);
        Assert.Equal((0, 0), Key(await Attempt(region)));
        await aggregator.FishForMessageAsync<EntryPlanned>(_ => true, Patience, cancellationToken: Ct);
        await StopAsync(first);

        // The rerun starts planning both entries before it knows that it resumes a job.
        var inner = new ScriptedPlanner(1, 1);
        inner.Hold(0);
        using var early = EarlyJobPlanner.Start(inner, lookAhead: 2);
        var second = Start(early, new JobOptions(Concurrency: 1), region, aggregator, NoRedelivery);

        var recovered = await aggregator.FishForMessageAsync<JobRecovered>(_ => true, Patience, cancellationToken: Ct);
        Assert.Equal([0], recovered.Plans.Select(p => p.Entry.Index));
        Assert.Equal(1, (await aggregator.FishForMessageAsync<EntryPlanned>(_ => true, Patience, cancellationToken: Ct)).Plan.Entry.Index);
        foreach (var expected in new[] { (0, 0), (1, 0) })
        {
            var attempt = await Attempt(region);
            Assert.Equal(expected, Key(attempt));
            second.Tell(Succeeded(attempt.Copy.EntryIndex, attempt.Copy.TagIndex, attempt.Attempt));
        }

        await ExpectCompletedAsync(aggregator, rows: 2);
        await inner.WhenCancelled(0).WaitAsync(Patience, Ct);
        Assert.Equal([0, 1], inner.Calls);
    }

    [Fact]
    public async Task A_failing_early_plan_is_journaled_and_reported_as_the_entrys_plan_error()
    {
        var inner = new ScriptedPlanner(1, 1);
        inner.Fail(0, new InvalidOperationException("outer", new HttpRequestException("connection refused (src.example:443)")));
        using var early = EarlyJobPlanner.Start(inner, lookAhead: 2);
        var (region, aggregator) = (CreateTestProbe(), CreateTestProbe());
        var coordinator = Start(early, new JobOptions(Concurrency: 1), region, aggregator, NoRedelivery);

        // The message of the innermost exception, as for a plan the coordinator started itself.
        var failed = await aggregator.FishForMessageAsync<EntryPlanned>(_ => true, Patience, cancellationToken: Ct);
        Assert.Equal("connection refused (src.example:443)", failed.Plan.PlanError);
        Assert.Empty(failed.Plan.Copies);

        var attempt = await Attempt(region);
        Assert.Equal((1, 0), Key(attempt));
        coordinator.Tell(Succeeded(1, 0, attempt.Attempt));
        await ExpectCompletedAsync(aggregator, rows: 1);
        Assert.Equal([0, 1], inner.Calls);
    }

    private static readonly VerificationInfo VerifiedInfo = new("cosign", "https://issuer.example", "https://ci.example/release", DateTimeOffset.UnixEpoch);

    private static readonly TagResult TooNewRow = new("1.1.0", TagStatus.Skipped, "sha256:11", TagStatusNames.SignatureTooNew, Verification: VerifiedInfo with { Age = "1h0m0s", MinAge = "48h0m0s" });

    private static readonly TagResult VerifyFailedRow = new("1.2.0", TagStatus.Failed, Error: "verify src.example/e0:1.2.0: no sigstore bundle found in referrers");

    // Tag 0 verified, tag 1 too new, tag 2 failed verification: what the planner decides for a verify entry.
    private static TagCopySpec Verified(TagCopySpec copy) => copy.TagIndex switch
    {
        0 => copy with { SourceDigest = "sha256:00", Verification = VerifiedInfo },
        1 => copy with { SourceDigest = "sha256:11", Verification = TooNewRow.Verification, Decided = TooNewRow },
        _ => copy with { Decided = VerifyFailedRow },
    };

    private IActorRef Start(IJobPlanner planner, JobOptions options, TestProbe region, TestProbe aggregator, JobCoordinatorSettings settings, int workers = 1) =>
        Sys.ActorOf(Props.Create(() => new JobCoordinatorActor(JobId, planner, options, region, aggregator, new FixedWorkers(workers), settings)));

    private async Task StopAsync(IActorRef coordinator)
    {
        var watcher = CreateTestProbe();
        watcher.Watch(coordinator);
        Sys.Stop(coordinator);
        await watcher.ExpectTerminatedAsync(coordinator, Patience, cancellationToken: Ct);
    }

    private static async Task<RunTagAttempt> Attempt(TestProbe region) => await region.ExpectMsgAsync<RunTagAttempt>(Patience, cancellationToken: Ct);

    /// <summary>The rows the aggregator hears of, in order, until the job completes.</summary>
    private static async Task<List<TagRowFinished>> ExpectCompletedAsync(TestProbe aggregator, int rows)
    {
        var finished = new List<TagRowFinished>();
        await aggregator.FishForMessageAsync(m =>
        {
            if (m is TagRowFinished row)
            {
                finished.Add(row);
            }

            return m is JobCompleted;
        }, Patience, cancellationToken: Ct);
        Assert.Equal(rows, finished.Count);
        return finished;
    }

    private static (int Entry, int Tag) Key(RunTagAttempt attempt) => Key(attempt.Copy);

    private static (int Entry, int Tag) Key(TagCopySpec copy) => (copy.EntryIndex, copy.TagIndex);

    // An up-to-date destination: what the second run of a copy the first run made would find.
    private static TagAttemptSucceeded Succeeded(int entry, int tag, int attempt) =>
        new(JobId, entry, tag, attempt, new TagAttemptResult(TagStatus.Skipped, "sha256:" + new string('a', 64), TagStatusNames.UpToDate), "worker-1");

    private static TagAttemptFailed Failed(int entry, int tag, int attempt, string error) =>
        new(JobId, entry, tag, attempt, error, DeadlineExceeded: false, "worker-1");
}
