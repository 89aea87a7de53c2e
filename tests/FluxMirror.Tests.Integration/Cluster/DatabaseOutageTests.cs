using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>
/// PostgreSQL goes away mid-job: the job pauses (its journaled coordinator stops and is started again with
/// backoff), continues when the database is back, and records every row exactly once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DatabaseOutageTests(ClusterFixture fixture)
{
    private const int Tags = 30;
    private const int RowsBeforeOutage = 5;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_pauses_while_the_database_is_down_and_finishes_when_it_returns()
    {
        var images = await ClusterJobRun.SeedTagsAsync(fixture.Source, "team/outage", Tags, Ct);
        await using var proxy = await LoopbackProxy.StartAsync(fixture.Source.BaseUri, Ct);
        proxy.Latency = TimeSpan.FromMilliseconds(150);
        await using var cluster = await InProcessCluster.StartAsync(workers: 2, Ct);
        var client = cluster.Client();
        var jobId = await ClusterJobRun.SubmitAsync(client, $"{proxy.Host}/team/outage", $"{fixture.Destination.Host}/mirror/outage", concurrency: 4, Ct);

        var rowsBefore = await ClusterJobRun.FollowUntilAsync(client, jobId, RowsBeforeOutage, Ct);
        using (var paused = new LogWatch(InProcessCluster.System(cluster.Coordinator), "journal unavailable"))
        {
            await cluster.Postgres.StopAsync(Ct);
            // The job's coordinator could not journal and stopped: the job is paused, not dead.
            await paused.Seen.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        }

        await cluster.Postgres.RestartAsync(Ct);

        var (_, finished) = await ClusterJobRun.FollowToEndAsync(client, jobId, onRow: null, Ct);
        Assert.True(rowsBefore < Tags, $"the job finished before the outage ({rowsBefore} rows)");
        await ClusterJobRun.AssertEveryTagCopiedOnceAsync(finished, fixture.Destination, "mirror/outage", images, Ct);
        Assert.Equal(Tags, await JournalRows.CountAsync(cluster.Postgres, "job-" + jobId, JournalRows.TagRowFinished, Ct));
    }
}
