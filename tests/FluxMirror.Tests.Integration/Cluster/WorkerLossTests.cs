using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>A worker node dies mid-job: its tag copies restart on the surviving worker and the job still completes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WorkerLossTests(ClusterFixture fixture)
{
    private const int Tags = 30;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_finishes_on_the_surviving_worker_when_a_worker_crashes_mid_job()
    {
        var images = await ClusterJobRun.SeedTagsAsync(fixture.Source, "team/loss", Tags, Ct);
        await using var proxy = await LoopbackProxy.StartAsync(fixture.Source.BaseUri, Ct);
        // Slow enough that the crash lands while the doomed worker still has copies in flight.
        proxy.Latency = TimeSpan.FromMilliseconds(150);
        await using var cluster = await InProcessCluster.StartAsync(workers: 2, Ct);
        var survivor = InProcessCluster.Address(cluster.Workers[0]);
        var doomed = cluster.Workers[1];
        var doomedAddress = InProcessCluster.Address(doomed);
        var client = cluster.Client();
        var jobId = await ClusterJobRun.SubmitAsync(client, $"{proxy.Host}/team/loss", $"{fixture.Destination.Host}/mirror/loss", concurrency: 8, Ct);

        Task? crash = null;
        var removedAt = DateTimeOffset.MaxValue;
        var readAt = new Dictionary<TagRowFinished, DateTimeOffset>();
        var (rows, finished) = await ClusterJobRun.FollowToEndAsync(client, jobId, row =>
        {
            readAt[row] = DateTimeOffset.UtcNow;
            if (crash is null && row.Worker == doomedAddress)
            {
                // In the background, so rows keep being read (and time-stamped) as they arrive.
                crash = Task.Run(async () =>
                {
                    await cluster.CrashAndDownAsync(doomed, Ct);
                    removedAt = DateTimeOffset.UtcNow;
                }, Ct);
            }

            return Task.CompletedTask;
        }, Ct);
        Assert.NotNull(crash);
        await crash;

        var afterLoss = rows.Where(r => readAt[r] > removedAt).ToList();
        Assert.NotEmpty(afterLoss);
        Assert.Equal(Tags, rows.Count);
        Assert.Equal(Tags, rows.Select(r => r.Row.Tag).Distinct().Count());
        // A tag the lost worker had already pushed reads as up to date on the survivor; the coordinator reports
        // it as the copy it was, so every row is "copied".
        Assert.All(rows, r => Assert.True(r.Row.Status == TagStatus.Copied, $"{r.Row.Tag}: {r.Row.Status} {r.Row.Reason} {r.Row.Error}"));
        Assert.Equal(Tags, finished.Report.Summary.Copied);
        Assert.Equal(0, finished.Report.Summary.ExitCode);
        await ClusterJobRun.AssertMirroredAsync(fixture.Destination, "mirror/loss", images, Ct);
        Assert.All(afterLoss, r => Assert.Equal(survivor, r.Worker));
    }
}
