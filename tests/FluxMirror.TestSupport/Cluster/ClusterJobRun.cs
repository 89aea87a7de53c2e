using FluxMirror.Actors.JobManagement;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Cluster;

/// <summary>Seeds tags, submits a one-entry job and follows it, for the cluster fault tests.</summary>
public static class ClusterJobRun
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Pushes <paramref name="count"/> small single-layer images tagged 1.0.0, 1.0.1, …</summary>
    public static async Task<Dictionary<string, SeededImage>> SeedTagsAsync(RegistryProcess registry, string repository, int count, CancellationToken ct)
    {
        using var seeder = new RegistrySeeder(registry);
        var images = new Dictionary<string, SeededImage>();
        for (var i = 0; i < count; i++)
        {
            images[$"1.0.{i}"] = await seeder.PushImageAsync(repository, $"1.0.{i}", layers: 1, layerSize: 512, ct: ct);
        }

        return images;
    }

    public static async Task<string> SubmitAsync(JobManagerClient client, string source, string destination, int concurrency, CancellationToken ct)
        => await SubmitAsync(client, SyncConfigs.Config(SyncConfigs.Artifact(source, destination)), concurrency, ct);

    public static async Task<string> SubmitAsync(JobManagerClient client, string config, int concurrency, CancellationToken ct)
    {
        var accepted = await client.SubmitAsync(
            new SubmitJob(config, "test", "digest-" + Guid.NewGuid(), new JobOptions(Concurrency: concurrency), NoEnvSubst: false), ct);
        return accepted.JobId;
    }

    /// <summary>Follows the job to its end; <paramref name="onRow"/> sees each finished row as it arrives.</summary>
    public static async Task<(List<TagRowFinished> Rows, JobFinished Finished)> FollowToEndAsync(
        JobManagerClient client, string jobId, Func<TagRowFinished, Task>? onRow, CancellationToken ct, TimeSpan? within = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(within ?? JobTimeout);
        var rows = new List<TagRowFinished>();
        await foreach (var evt in client.FollowAsync(jobId, timeout.Token))
        {
            switch (evt)
            {
                case TagRowFinished row:
                    rows.Add(row);
                    if (onRow is not null)
                    {
                        await onRow(row);
                    }

                    break;
                case JobFinished finished:
                    return (rows, finished);
            }
        }

        throw new InvalidOperationException("the event stream ended without JobFinished");
    }

    /// <summary>Follows until <paramref name="wanted"/> rows are done (replayed or live), then lets go; returns how many were.</summary>
    public static async Task<int> FollowUntilAsync(JobManagerClient client, string jobId, int wanted, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(JobTimeout);
        var rows = 0;
        await foreach (var evt in client.FollowAsync(jobId, timeout.Token))
        {
            rows += evt switch
            {
                TagRowFinished => 1,
                JobRecovered recovered => recovered.Rows.Count,
                _ => 0,
            };
            if (rows >= wanted || evt is JobFinished)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>The report holds one <c>copied</c> row per seeded tag, exit 0, and the destination has them all.</summary>
    public static async Task AssertEveryTagCopiedOnceAsync(JobFinished finished, RegistryProcess destination, string repository, Dictionary<string, SeededImage> images, CancellationToken ct)
    {
        var rows = finished.Report.Results.SelectMany(r => r.Tags).ToList();
        Assert.Equal(images.Keys.Order(StringComparer.Ordinal), rows.Select(r => r.Tag).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.True(r.Status == TagStatus.Copied, $"{r.Tag}: {r.Status} {r.Reason} {r.Error}"));
        Assert.Equal(0, finished.Report.Summary.ExitCode);
        await AssertMirroredAsync(destination, repository, images, ct);
    }

    /// <summary>Every seeded tag is in the destination with the source's digest.</summary>
    public static async Task AssertMirroredAsync(RegistryProcess destination, string repository, Dictionary<string, SeededImage> images, CancellationToken ct)
    {
        using var dst = new RegistrySeeder(destination);
        foreach (var (tag, image) in images)
        {
            Assert.Equal(image.Digest, await dst.ManifestDigestAsync(repository, tag, ct));
        }
    }
}
