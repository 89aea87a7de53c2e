using FluxMirror.Shared.Protocol;
using FluxMirror.Tests.Infrastructure;

namespace FluxMirror.Tests.Cluster;

/// <summary>
/// The coordinator node running the job manager singleton dies mid-job: the singleton moves to the other
/// coordinator, which recovers the job from the journal and finishes it without losing or repeating a row.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CoordinatorFailoverTests(ClusterFixture fixture)
{
    private const int Tags = 30;
    private const int RowsBeforeCrash = 5;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_survives_the_loss_of_the_coordinator_running_it()
    {
        var images = await ClusterJobRun.SeedTagsAsync(fixture.Source, "team/failover", Tags, Ct);
        await using var proxy = await LoopbackProxy.StartAsync(fixture.Source.BaseUri, Ct);
        // Slow enough that the crash lands with most tags still to copy.
        proxy.Latency = TimeSpan.FromMilliseconds(150);
        await using var cluster = await InProcessCluster.StartAsync(workers: 2, Ct, coordinators: 2);
        var doomed = cluster.Coordinators[0];
        var standby = cluster.Client(cluster.Coordinators[1]);
        var jobId = await ClusterJobRun.SubmitAsync(standby, $"{proxy.Host}/team/failover", $"{fixture.Destination.Host}/mirror/failover", concurrency: 4, Ct);

        var seenBeforeCrash = await ClusterJobRun.FollowUntilAsync(standby, jobId, RowsBeforeCrash, Ct);
        await cluster.CrashAndDownAsync(doomed, Ct);

        // The new job manager replays what the journal holds and runs the rest.
        var (rowsAfterCrash, finished) = await ClusterJobRun.FollowToEndAsync(standby, jobId, onRow: null, Ct);
        Assert.True(seenBeforeCrash < Tags, $"the job finished before the crash ({seenBeforeCrash} rows)");
        Assert.NotEmpty(rowsAfterCrash);

        await ClusterJobRun.AssertEveryTagCopiedOnceAsync(finished, fixture.Destination, "mirror/failover", images, Ct);

        // Nothing recorded twice: one final row per tag in the job's journal.
        Assert.Equal(Tags, await JournalRows.CountAsync(cluster.Postgres, "job-" + jobId, JournalRows.TagRowFinished, Ct));
    }
}
