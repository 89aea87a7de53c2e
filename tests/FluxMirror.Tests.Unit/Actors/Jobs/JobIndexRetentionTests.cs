using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence;
using FluxMirror.Actors.Jobs;
using FluxMirror.Actors.Nodes;
using FluxMirror.Actors.TagCopy;
using FluxMirror.Coordinator.Embedded;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Protocol.Messages;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FluxMirror.Tests.Unit.Actors.Jobs;

/// <summary>The job index stays small however many runs it has seen: snapshots, deleted events, bounded history.</summary>
public sealed class JobIndexRetentionTests : IDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private readonly string _stateDir = TempDirectory.Create("fm-index-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => TempDirectory.TryDelete(_stateDir);

    [Fact]
    public async Task Recovery_starts_from_a_snapshot_and_events_before_it_are_deleted()
    {
        const int runs = 60; // 120 events: one snapshot at 100
        await WithIndexAsync(async index =>
        {
            for (var i = 0; i < runs; i++)
            {
                var id = $"job-{i:D3}";
                await index.Ask<JobSubmitted>(new JobSubmitted(id, "digest", "config.yaml", new JobOptions(), 1, DateTimeOffset.UtcNow), AskTimeout, Ct);
                await index.Ask<JobClosed>(new JobClosed(id, DateTimeOffset.UtcNow, 0, 1, 0), AskTimeout, Ct);
            }

            // Snapshot and deletion complete in the background (a short run may end first; the next snapshot then
            // deletes more): wait for them while the node is up.
            await Eventually.TrueAsync(
                async () => await CountEventsAsync("job-index") == runs * 2 - JobIndexActor.SnapshotEvery,
                TimeSpan.FromSeconds(30),
                "the events the snapshot covers to be deleted",
                Ct);
        });

        var jobs = await WithIndexAsync(index => index.Ask<JobList>(ListJobs.Instance, AskTimeout, Ct));

        Assert.Equal(runs, jobs.Jobs.Count);
        Assert.All(jobs.Jobs, j => Assert.NotNull(j.Closed));
        Assert.Equal(Enumerable.Range(0, runs).Select(i => $"job-{i:D3}"), jobs.Jobs.Select(j => j.Job.JobId));
    }

    [Fact]
    public void Only_the_newest_finished_jobs_are_kept_and_every_unfinished_one()
    {
        var jobs = Enumerable.Range(0, JobIndexActor.KeepFinished + 10)
            .Select(i => new JobSummary(
                new JobSubmitted($"j{i}", "d", "c", new JobOptions(), 1, DateTimeOffset.UnixEpoch),
                i == 3 ? null : new JobClosed($"j{i}", DateTimeOffset.UnixEpoch, 0, 1, 0)))
            .ToList();

        var kept = JobIndexActor.Trimmed(jobs);

        Assert.Equal(JobIndexActor.KeepFinished + 1, kept.Count);
        Assert.Equal("j3", kept[0].Job.JobId);
        Assert.Equal("j10", kept[1].Job.JobId);
        Assert.Equal($"j{JobIndexActor.KeepFinished + 9}", kept[^1].Job.JobId);
    }

    [Fact]
    public async Task A_finished_jobs_journal_is_deleted_once_it_is_older_than_the_retention()
    {
        var retention = TimeSpan.FromSeconds(2);
        await WithIndexAsync(retention, async (system, index) =>
        {
            await WriteJournalAsync(system, "finished", events: 5);
            await WriteJournalAsync(system, "running", events: 5);
            await index.Ask<JobSubmitted>(Submitted("finished"), AskTimeout, Ct);
            await index.Ask<JobSubmitted>(Submitted("running"), AskTimeout, Ct);
            await index.Ask<JobClosed>(new JobClosed("finished", DateTimeOffset.UtcNow, 0, 1, 0), AskTimeout, Ct);
            Assert.Equal((5, 1), (await CountEventsAsync(JobIds.PersistenceId("finished")), await CountSnapshotsAsync(JobIds.PersistenceId("finished"))));

            // The index's own timer (every second with this retention) deletes it; nothing asks it to.
            await Eventually.TrueAsync(
                async () => await CountRowsAsync(JobIds.PersistenceId("finished")) == 0 && await CountSnapshotsAsync(JobIds.PersistenceId("finished")) == 0,
                TimeSpan.FromSeconds(30),
                "the finished job's journal to be deleted",
                Ct);

            var jobs = await index.Ask<JobList>(ListJobs.Instance, AskTimeout, Ct);
            Assert.Equal(["running"], jobs.Jobs.Select(j => j.Job.JobId));
            Assert.Equal((5, 1), (await CountEventsAsync(JobIds.PersistenceId("running")), await CountSnapshotsAsync(JobIds.PersistenceId("running"))));
        });

        // Forgotten for good: a restarted index does not bring it back.
        var after = await WithIndexAsync(index => index.Ask<JobList>(ListJobs.Instance, AskTimeout, Ct));
        Assert.Equal(["running"], after.Jobs.Select(j => j.Job.JobId));
    }

    [Fact]
    public async Task A_sweep_asked_for_answers_once_the_journals_are_deleted()
    {
        await WithIndexAsync(JobIndexActor.DefaultRetention, async (system, index) =>
        {
            await WriteJournalAsync(system, "old", events: 3);
            await index.Ask<JobSubmitted>(Submitted("old"), AskTimeout, Ct);
            await index.Ask<JobClosed>(new JobClosed("old", DateTimeOffset.UtcNow - JobIndexActor.DefaultRetention - TimeSpan.FromMinutes(1), 0, 1, 0), AskTimeout, Ct);

            var swept = await index.Ask<ExpiredJobsSwept>(SweepExpiredJobs.Instance, AskTimeout, Ct);

            Assert.Equal(1, swept.Forgotten);
            Assert.Equal(0, await CountRowsAsync(JobIds.PersistenceId("old")));
            Assert.Empty((await index.Ask<JobList>(ListJobs.Instance, AskTimeout, Ct)).Jobs);
        });
    }

    [Fact]
    public void Jobs_expire_by_age_or_beyond_the_newest_kept_finished_ones_never_while_running()
    {
        var now = DateTimeOffset.UnixEpoch + TimeSpan.FromDays(30);
        var retention = TimeSpan.FromHours(1);
        var jobs = Enumerable.Range(0, JobIndexActor.KeepFinished + 3)
            .Select(i => new JobSummary(
                new JobSubmitted($"j{i}", "d", "c", new JobOptions(), 1, DateTimeOffset.UnixEpoch),
                i == 0 ? null : new JobClosed($"j{i}", now - (i == 1 ? TimeSpan.FromHours(2) : TimeSpan.FromMinutes(1)), 0, 1, 0)))
            .ToList();

        // j0 runs; j1 is past the retention; j2 is recent but older than the newest KeepFinished finished jobs.
        Assert.Equal(["j1", "j2"], JobIndexActor.Expired(jobs, now, retention));
        Assert.Equal(["j1"], JobIndexActor.Expired(jobs[..10], now, retention));
    }

    [Theory]
    [InlineData(null, 168 * 3600)]
    [InlineData("", 168 * 3600)]
    [InlineData("2s", 2)]
    [InlineData(" 36h ", 36 * 3600)]
    public void The_retention_is_a_go_duration_of_seven_days_by_default(string? value, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), JobIndexActor.RetentionFrom(_ => value));
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("-1h")]
    [InlineData("7d")]
    public void A_retention_that_is_not_a_positive_duration_is_refused(string value)
    {
        var e = Assert.Throws<ArgumentException>(() => JobIndexActor.RetentionFrom(_ => value));
        Assert.Equal($"FLUX_MIRROR_JOB_RETENTION must be a duration greater than 0 such as 168h, got \"{value}\"", e.Message);
    }

    private static JobSubmitted Submitted(string id) => new(id, "digest-" + id, "config.yaml", new JobOptions(), 1, DateTimeOffset.UtcNow);

    private static async Task WriteJournalAsync(ActorSystem system, string jobId, int events)
    {
        var writer = system.ActorOf(Props.Create(() => new JournalWriter(JobIds.PersistenceId(jobId), events)));
        await writer.Ask<JournalWriter.Written>(JournalWriter.Write.Instance, AskTimeout, Ct);
    }

    private Task<T> WithIndexAsync<T>(Func<IActorRef, Task<T>> use) => WithIndexAsync(null, (_, index) => use(index));

    private Task WithIndexAsync(TimeSpan? retention, Func<ActorSystem, IActorRef, Task> use) => WithIndexAsync(retention, async (system, index) =>
    {
        await use(system, index);
        return 0;
    });

    private async Task<T> WithIndexAsync<T>(TimeSpan? retention, Func<ActorSystem, IActorRef, Task<T>> use)
    {
        using var host = EmbeddedNode.Build(StateStore.Open(_stateDir), new JobRuntimes(), jobRetention: retention);
        await host.StartAsync(Ct);
        try
        {
            return await use(host.Services.GetRequiredService<ActorSystem>(), await host.Services.GetRequiredService<ActorRegistry>().GetAsync<JobIndex>(Ct));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private Task WithIndexAsync(Func<IActorRef, Task> use) => WithIndexAsync(async index =>
    {
        await use(index);
        return 0;
    });

    private Task<long> CountEventsAsync(string persistenceId) => CountAsync("SELECT count(*) FROM journal WHERE persistence_id = $id AND deleted = 0", persistenceId);

    // Deleted or not: no row of the journal is left.
    private Task<long> CountRowsAsync(string persistenceId) => CountAsync("SELECT count(*) FROM journal WHERE persistence_id = $id", persistenceId);

    private Task<long> CountSnapshotsAsync(string persistenceId) => CountAsync("SELECT count(*) FROM snapshot WHERE persistence_id = $id", persistenceId);

    private async Task<long> CountAsync(string sql, string persistenceId)
    {
        await using var db = new SqliteConnection(StateStore.Open(_stateDir));
        await db.OpenAsync(Ct);
        var command = db.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", persistenceId);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>Writes some events and a snapshot under a job's persistence id, as its coordinator would.</summary>
    private sealed class JournalWriter : ReceivePersistentActor
    {
        public JournalWriter(string persistenceId, int events)
        {
            PersistenceId = persistenceId;
            Command<Write>(_ =>
            {
                var asker = Sender;
                PersistAll(Enumerable.Range(1, events).Select(i => new TagDispatched(persistenceId, i, 1)), _ => { });
                DeferAsync(0, _ =>
                {
                    SaveSnapshot(new JobIndexSnapshot([]));
                    Become(() => Command<SaveSnapshotSuccess>(_ => asker.Tell(Written.Instance)));
                });
            });
        }

        public override string PersistenceId { get; }

        public sealed class Write
        {
            public static readonly Write Instance = new();
        }

        public sealed class Written
        {
            public static readonly Written Instance = new();
        }
    }
}
