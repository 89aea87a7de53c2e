using FluxMirror.Actors.Nodes;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Limits;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>The per-host request limit holds for the cluster as a whole, not per worker.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HostLimitTests(ClusterFixture fixture)
{
    private const int Tags = 30;
    private const int MaxPerHost = 4;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_workers_together_never_exceed_the_per_host_limit()
    {
        var images = await ClusterJobRun.SeedTagsAsync(fixture.Source, "team/limited", Tags, Ct);
        await using var proxy = await LoopbackProxy.StartAsync(fixture.Source.BaseUri, Ct);
        // Requests that last a while pile up against the limit instead of finishing before the next starts.
        proxy.Latency = TimeSpan.FromMilliseconds(50);
        await using var cluster = await InProcessCluster.StartAsync(workers: 2, Ct, LimitedWorker);
        var client = cluster.Client();

        var jobId = await ClusterJobRun.SubmitAsync(client, $"{proxy.Host}/team/limited", $"{fixture.Destination.Host}/mirror/limited", concurrency: 16, Ct);
        var (rows, finished) = await ClusterJobRun.FollowToEndAsync(client, jobId, onRow: null, Ct);

        Assert.Equal(Tags, finished.Report.Summary.Copied);
        Assert.All(rows, r => Assert.Equal(TagStatus.Copied, r.Row.Status));
        await ClusterJobRun.AssertMirroredAsync(fixture.Destination, "mirror/limited", images, Ct);
        Assert.Equal(cluster.Workers.Count, rows.Select(r => r.Worker).Distinct().Count());
        Assert.InRange(proxy.MaxConcurrent, 2, MaxPerHost);
    }

    // A worker whose per-host budget is lowered through its node settings, as FLUX_MIRROR_MAX_REQUESTS_PER_HOST would.
    private static IHost LimitedWorker(ClusterNodeSettings settings) =>
        WorkerNode.Build(settings with { HostLimits = HostLimits.Default with { MaxConcurrent = MaxPerHost } });
}
