using FluxMirror.Actors.Nodes;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Limits;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Bench.Scaling;

/// <summary>
/// One measurement: a fresh in-process cluster of N workers (fresh PostgreSQL journal; the test suite's) mirrors the whole estate into a repository
/// that does not exist yet, so every tag is really copied; timed from submit to JobFinished.
/// </summary>
internal static class ScalingRun
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(10);
    private static readonly HostLimits Unthrottled = new(MaxConcurrent: 256, RequestsPerSecond: 0);

    public static async Task<RunFigures> MeasureAsync(
        int workers, int concurrencyPerWorker, int tags, string sourceReference, LoopbackProxy destinationProxy, RegistryProcess destination, CancellationToken ct)
    {
        var repository = $"mirror/w{workers}-{Guid.NewGuid():N}";
        // The per-host budget must not be what limits throughput: the bench measures the worker count.
        await using var cluster = await InProcessCluster.StartAsync(workers, ct, settings => WorkerNode.Build(settings with { HostLimits = Unthrottled }));
        var client = cluster.Client();

        var meter = new CpuMeter();
        var jobId = await ClusterJobRun.SubmitAsync(client, sourceReference, $"{destinationProxy.Host}/{repository}", concurrencyPerWorker, ct);
        var (rows, finished) = await ClusterJobRun.FollowToEndAsync(client, jobId, onRow: null, ct, JobTimeout);
        var figures = new RunFigures(
            workers, tags, meter.Elapsed, meter.ProcessPercent, meter.ChildrenPercent, meter.MachineBusyPercent,
            [.. rows.GroupBy(r => r.Worker).Select(g => g.Count()).OrderDescending()],
            rows.Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)rows.Average(r => r.Elapsed.Ticks)));

        await VerifyAllCopiedAsync(finished.Report, tags, destination, repository, ct);
        return figures;
    }

    // A fast run that copied nothing would be a meaningless figure: every row must be copied and really be there.
    private static async Task VerifyAllCopiedAsync(SyncReport report, int tags, RegistryProcess destination, string repository, CancellationToken ct)
    {
        var reportRows = report.Results.SelectMany(r => r.Tags).ToList();
        var notCopied = reportRows.Where(t => t.Status != TagStatus.Copied).ToList();
        if (reportRows.Count != tags || notCopied.Count > 0 || report.Results.Any(r => r.PlanFailed))
        {
            var sample = string.Join("; ", notCopied.Take(5).Select(t => $"{t.Tag}: {t.Status} {t.Error}"));
            var planError = report.Results.FirstOrDefault(r => r.PlanFailed)?.Error;
            throw new InvalidOperationException(
                $"expected {tags} copied rows, got {reportRows.Count} rows with {notCopied.Count} not copied ({planError ?? sample})");
        }

        using var seeder = new RegistrySeeder(destination);
        var present = await seeder.ListTagsAsync(repository, ct);
        if (present.Count != tags)
        {
            throw new InvalidOperationException($"expected {tags} tags in the destination, found {present.Count}");
        }
    }
}
