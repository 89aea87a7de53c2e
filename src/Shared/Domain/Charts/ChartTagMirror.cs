using System.Diagnostics;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;

namespace FluxMirror.Domain.Charts;

/// <summary>
/// One attempt of one chart version job. The tarball is always downloaded first (dry-run included) because its
/// sha256 is what gets compared: against the destination's chart-layer digest, not the manifest digest, since
/// <c>helm push</c> stamps a timestamp into manifests. The row digest is the tarball digest.
/// </summary>
public sealed class ChartTagMirror(RegistryClient registry, HelmRepositories repositories, IMirrorLog log)
{
    private readonly HelmChartPusher _pusher = new(registry);

    /// <exception cref="MirrorException">The job's one-line error.</exception>
    public async Task<TagAttemptResult> RunAttemptAsync(TagJob job, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var chart = ChartName(job);
        var chartRef = $"{chart}@{job.Tag}";
        log.Write("mirroring chart", ("chart", chartRef), ("dst", job.DestinationRef));
        try
        {
            var repository = await repositories.GetAsync(job.SourceRepository, ct).ConfigureAwait(false);
            var archive = await repository.DownloadChartAsync(chart, job.Tag, ct).ConfigureAwait(false);
            var sourceDigest = Digest.Compute(archive);
            var destination = ParseDestination(job);
            var destinationDigest = await DestinationLayerDigestAsync(destination, job, ct).ConfigureAwait(false);

            var (status, mustPush) = MirrorDecision.Decide(MirrorDecision.Compare(sourceDigest, destinationDigest), job.Overwrite, job.DryRun);
            if (status == TagStatus.Drifted)
            {
                log.Write("destination chart drifted from source; skipping (overwrite=false)", ("chart", chart), ("version", job.Tag), ("src_digest", sourceDigest), ("dst_digest", destinationDigest));
            }

            var uploaded = mustPush ? await _pusher.PushAsync(destination, job.DestinationTag, job.DestinationRef, archive, ct).ConfigureAwait(false) : 0;
            var elapsed = TimeSpan.FromMilliseconds(Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            log.Write("chart done", ("chart", chartRef), ("dst", job.DestinationRef), ("status", status.ToWire()), ("elapsed", elapsed));
            return new TagAttemptResult(status, sourceDigest, status == TagStatus.Skipped ? TagStatusNames.UpToDate : null, uploaded);
        }
        catch (HelmException ex)
        {
            throw new MirrorException(ex.Message, ex);
        }
    }

    // Jobs carry the repository URL as their source; the chart name is the last segment of the destination repository.
    private static string ChartName(TagJob job) => job.DestinationRepository[(job.DestinationRepository.LastIndexOf('/') + 1)..];

    private static RepositoryRef ParseDestination(TagJob job) =>
        OciRepositoryName.TryParse(job.DestinationRepository, out var registry, out var repository, out var error)
            ? new RepositoryRef(registry, repository)
            : throw new MirrorException($"parse {job.DestinationRef}: {error}");

    /// <returns>The destination's chart-layer digest, or null when the tag does not exist.</returns>
    private async Task<string?> DestinationLayerDigestAsync(RepositoryRef destination, TagJob job, CancellationToken ct)
    {
        ManifestBlob manifest;
        try
        {
            manifest = await registry.GetManifestAsync(destination, job.DestinationTag, ct).ConfigureAwait(false);
        }
        catch (RegistryException ex) when (ex.IsNotFound)
        {
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new MirrorException($"get manifest {job.DestinationRef}: {ex.Message}", ex);
        }

        try
        {
            return HelmChartManifest.ChartLayerDigest(manifest);
        }
        catch (FormatException ex)
        {
            throw new MirrorException($"inspect {job.DestinationRef}: {ex.Message}", ex);
        }
    }
}
