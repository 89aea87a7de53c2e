using Akka.Actor;
using Akka.Persistence;
using FluxMirror.Actors.Jobs;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Serialization;

namespace FluxMirror.Tests.Unit.Actors.Jobs;

/// <summary>
/// A real job coordinator runs a 20 000-tag job against workers that answer at once, journaling to memory and
/// snapshotting to a store that counts bytes. Snapshots hold the whole job, so writing one every 1 000 rows grew
/// with the square of the job; the snapshot cadence keeps the bytes written within a constant of the journal.
/// </summary>
public sealed class SnapshotGrowthTests
{
    private const int TagsPerEntry = 200;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Snapshot_bytes_of_a_20000_row_job_stay_within_a_constant_of_its_journal_and_recovery_is_exact()
    {
        var run = await RunJobAsync(entries: 100);
        TestContext.Current.TestOutputHelper?.WriteLine(run.ToString());

        // The cadence bounds snapshots by 5× the items journaled (about 6× in bytes: rows weigh more than dispatches).
        // A snapshot every 1 000 rows wrote 12× the journal at 20 000 rows (211 MiB for 17 MiB), a factor growing with the job.
        Assert.True(run.SnapshotBytes <= 6 * run.JournalBytes, run.ToString());
    }

    /// <summary>Runs a job of <paramref name="entries"/> × 200 tags to completion, then recovers it from its journal
    /// and latest snapshot; the recovered state must hold every row.</summary>
    private static async Task<JobRun> RunJobAsync(int entries)
    {
        var system = ActorSystem.Create("snapshots", CountingSnapshotStore.Config + "\nakka.loglevel = WARNING\nakka.stdout-loglevel = OFF\nakka.log-dead-letters = off");
        try
        {
            return await RunJobAsync(system, entries);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static async Task<JobRun> RunJobAsync(ActorSystem system, int entries)
    {
        var plans = Enumerable.Range(0, entries).Select(Plan).ToList();
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aggregator = system.ActorOf(Props.Create(() => new CompletionSink(completed)));
        var workers = system.ActorOf(Props.Create(() => new InstantWorkers()));
        var planner = new FixedPlanner(plans);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        system.ActorOf(Props.Create(() => new JobCoordinatorActor("job", planner, new JobOptions(64, 0, null, false, false, false), workers, aggregator, SingleWorker.Instance, JobCoordinatorSettings.Default)));
        await completed.Task.WaitAsync(Patience, Ct);
        var ran = clock.Elapsed;

        var recovered = new TaskCompletionSource<JobState>(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Props.Create(() => new JobJournalReader("job", entries, recovered)));
        var state = await recovered.Task.WaitAsync(Patience, Ct);
        var recovery = clock.Elapsed - ran;
        var store = Persistence.Instance.Apply(system).SnapshotStoreFor(null);
        var snapshots = await store.Ask<List<long>>(CountingSnapshotStore.GetWritten.Instance, TimeSpan.FromSeconds(10), Ct);

        var tags = entries * TagsPerEntry;
        Assert.Equal(tags, state.TagsDone);
        Assert.Equal(tags, state.TagsTotal);
        Assert.All(state.Results(), r => Assert.All(r.Tags, t => Assert.Equal(TagStatus.Copied, t.Status)));
        Assert.NotEmpty(snapshots);

        // What the journal holds: every plan, one dispatch and one row per tag.
        var serializer = new MirrorMessageSerializer((ExtendedActorSystem)system);
        var journal = plans.Sum(p => (long)serializer.ToBinary(new EntryPlanned("job", p)).Length)
            + state.OrderedRows().Sum(r => (long)serializer.ToBinary(r).Length + serializer.ToBinary(new TagDispatched("job", r.Copy.EntryIndex, r.Copy.TagIndex)).Length);
        return new JobRun(tags, snapshots.Count, snapshots.Sum(), journal, ran, recovery);
    }

    private sealed record JobRun(int Rows, int Snapshots, long SnapshotBytes, long JournalBytes, TimeSpan Ran, TimeSpan Recovery)
    {
        public override string ToString() =>
            $"{Rows} rows: {Snapshots} snapshots, {SnapshotBytes / 1048576.0:0.0} MiB written for a {JournalBytes / 1048576.0:0.0} MiB journal; ran {Ran.TotalSeconds:0.0} s, recovered {Recovery.TotalSeconds:0.0} s";
    }

    private static EntryPlan Plan(int entry) => new(
        new EntryRef(entry, EntryKind.Artifact, $"src.example/repo-{entry}", $"dst.example/repo-{entry}"),
        Enumerable.Range(0, TagsPerEntry)
            .Select(t => new TagCopySpec(entry, t, EntryKind.Artifact, $"1.{t}.0", $"src.example/repo-{entry}", $"dst.example/repo-{entry}", $"1.{t}.0", null, false, false))
            .ToList(),
        null);

    private sealed class FixedPlanner(IReadOnlyList<EntryPlan> plans) : IJobPlanner
    {
        public int EntryCount => plans.Count;

        public EntryRef Describe(int entryIndex) => plans[entryIndex].Entry;

        public Task<EntryPlan> PlanAsync(int entryIndex, CancellationToken ct) => Task.FromResult(plans[entryIndex]);
    }

    /// <summary>Every attempt copies at once.</summary>
    private sealed class InstantWorkers : ReceiveActor
    {
        public InstantWorkers() => Receive<RunTagAttempt>(run => Sender.Tell(new TagAttemptSucceeded(
            run.JobId, run.Copy.EntryIndex, run.Copy.TagIndex, run.Attempt, new TagAttemptResult(TagStatus.Copied, "sha256:" + new string('a', 64), null, 4096), "worker-1")));
    }

    private sealed class CompletionSink : ReceiveActor
    {
        public CompletionSink(TaskCompletionSource completed)
        {
            Receive<JobCompleted>(_ => completed.TrySetResult());
            ReceiveAny(_ => { });
        }
    }
}
