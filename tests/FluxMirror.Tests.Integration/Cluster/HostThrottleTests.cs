using FluxMirror.Domain.Reporting;
using FluxMirror.Registry.Transport;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>A 429 with Retry-After seen by one worker pauses that registry host on every worker.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HostThrottleTests(ClusterFixture fixture)
{
    private const int Tags = 30;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    // The pause reaches the other worker through the host's limiter: requests that got their permit before
    // that message landed may still arrive just after the 429.
    private static readonly TimeSpan PropagationGrace = TimeSpan.FromMilliseconds(300);

    // Retry-After counts from when the worker read the 429, a little after the proxy sent it.
    private static readonly TimeSpan ClockSlack = TimeSpan.FromMilliseconds(100);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_429_with_retry_after_stops_every_worker_from_calling_the_host_until_it_expires()
    {
        var images = await ClusterJobRun.SeedTagsAsync(fixture.Source, "team/throttled", Tags, Ct);
        await using var proxy = await LoopbackProxy.StartAsync(fixture.Source.BaseUri, Ct);
        proxy.Latency = TimeSpan.FromMilliseconds(20);
        // Early, but late enough that both workers are copying: the listing and plan take only a few requests.
        proxy.ThrottleNext(count: 1, skip: 25);
        var client = fixture.Cluster.Client();

        var jobId = await ClusterJobRun.SubmitAsync(client, $"{proxy.Host}/team/throttled", $"{fixture.Destination.Host}/mirror/throttled", concurrency: 8, Ct);
        var finishedAt = new List<(string Worker, DateTimeOffset At)>();
        var (rows, finished) = await ClusterJobRun.FollowToEndAsync(client, jobId, row =>
        {
            finishedAt.Add((row.Worker, DateTimeOffset.UtcNow));
            return Task.CompletedTask;
        }, Ct);

        Assert.Equal(Tags, finished.Report.Summary.Copied);
        Assert.All(rows, r => Assert.Equal(TagStatus.Copied, r.Row.Status));
        await ClusterJobRun.AssertMirroredAsync(fixture.Destination, "mirror/throttled", images, Ct);
        Assert.Equal(fixture.Cluster.Workers.Count, rows.Select(r => r.Worker).Distinct().Count());

        var requests = proxy.Requests();
        var throttled = Assert.Single(requests, r => r.Throttled);
        var quietFrom = throttled.Arrived + PropagationGrace;
        var quietUntil = throttled.Arrived + RetryAfter - ClockSlack;
        var during = requests.Where(r => r.Arrived > quietFrom && r.Arrived < quietUntil).ToList();
        Assert.True(during.Count == 0, $"{during.Count} request(s) reached the host while it was paused: {string.Join(", ", during.Select(r => r.PathAndQuery))}");
        // Both workers still had copies to finish after the pause, so both were held back by it.
        Assert.Equal(fixture.Cluster.Workers.Count, finishedAt.Where(f => f.At > quietUntil).Select(f => f.Worker).Distinct().Count());
        // The throttled request itself is retried once the pause is over.
        Assert.Contains(requests, r => r.Arrived >= quietUntil && r.PathAndQuery == throttled.PathAndQuery && !r.Throttled);
    }
}
