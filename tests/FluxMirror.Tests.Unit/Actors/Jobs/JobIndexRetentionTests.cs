using Akka.Actor;
using Akka.Hosting;
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

    private async Task<T> WithIndexAsync<T>(Func<IActorRef, Task<T>> use)
    {
        using var host = EmbeddedNode.Build(StateStore.Open(_stateDir), new JobRuntimes());
        await host.StartAsync(Ct);
        try
        {
            return await use(await host.Services.GetRequiredService<ActorRegistry>().GetAsync<JobIndex>(Ct));
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

    private async Task<long> CountEventsAsync(string persistenceId)
    {
        await using var db = new SqliteConnection(StateStore.Open(_stateDir));
        await db.OpenAsync(Ct);
        var command = db.CreateCommand();
        command.CommandText = "SELECT count(*) FROM journal WHERE persistence_id = $id AND deleted = 0";
        command.Parameters.AddWithValue("$id", persistenceId);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
