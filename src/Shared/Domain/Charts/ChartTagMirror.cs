using System.Diagnostics;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;

namespace FluxMirror.Domain.Charts;

/// <summary>
/// One attempt of one chart version's tag copy. The tarball is always downloaded first (dry-run included) because its
/// sha256 is what gets compared: against the destination's chart-layer digest, not the manifest digest, since
/// <c>helm push</c> stamps a timestamp into manifests. The row digest is the tarball digest.
/// </summary>
public sealed class ChartTagMirror(RegistryClient registry, HelmRepositories repositories, IMirrorLog log)
{
    private readonly HelmChartPusher _pusher = new(registry);

    /// <exception cref="MirrorException">The tag copy's one-line error.</exception>
    public async Task<TagAttemptResult> RunAttemptAsync(TagCopySpec copy, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var chart = ChartName(copy);
        var chartRef = $"{chart}@{copy.Tag}";
        log.Write("mirroring chart", ("chart", chartRef), ("dst", copy.DestinationRef));
        try
        {
            var repository = await repositories.GetAsync(copy.SourceRepository, ct).ConfigureAwait(false);
            var archive = await repository.DownloadChartAsync(chart, copy.Tag, ct).ConfigureAwait(false);
            var sourceDigest = Digest.Compute(archive);
            var destination = ParseDestination(copy);
            var destinationDigest = await DestinationLayerDigestAsync(destination, copy, ct).ConfigureAwait(false);

            var (status, mustPush) = MirrorDecision.Decide(MirrorDecision.Compare(sourceDigest, destinationDigest), copy.Overwrite, copy.DryRun);
            if (status == TagStatus.Drifted)
            {
                log.Write("destination chart drifted from source; skipping (overwrite=false)", ("chart", chart), ("version", copy.Tag), ("src_digest", sourceDigest), ("dst_digest", destinationDigest));
            }

            var uploaded = mustPush ? await _pusher.PushAsync(destination, copy.DestinationTag, copy.DestinationRef, archive, ct).ConfigureAwait(false) : 0;
            var elapsed = TimeSpan.FromMilliseconds(Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            log.Write("chart done", ("chart", chartRef), ("dst", copy.DestinationRef), ("status", status.ToWire()), ("elapsed", elapsed));
            return new TagAttemptResult(status, sourceDigest, status == TagStatus.Skipped ? TagStatusNames.UpToDate : null, uploaded);
        }
        catch (HelmException ex)
        {
            throw new MirrorException(ex.Message, ex);
        }
    }

    // Jobs carry the repository URL as their source; the chart name is the last segment of the destination repository.
    private static string ChartName(TagCopySpec copy) => copy.DestinationRepository[(copy.DestinationRepository.LastIndexOf('/') + 1)..];

    private static RepositoryRef ParseDestination(TagCopySpec copy) =>
        OciRepositoryName.TryParse(copy.DestinationRepository, out var registry, out var repository, out var error)
            ? new RepositoryRef(registry, repository)
            : throw new MirrorException($"parse {copy.DestinationRef}: {error}");

    /// <returns>The destination's chart-layer digest, or null when the tag does not exist.</returns>
    private async Task<string?> DestinationLayerDigestAsync(RepositoryRef destination, TagCopySpec copy, CancellationToken ct)
    {
        ManifestBlob manifest;
        try
        {
            manifest = await registry.GetManifestAsync(destination, copy.DestinationTag, ct).ConfigureAwait(false);
        }
        catch (RegistryException ex) when (ex.IsNotFound)
        {
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new MirrorException($"get manifest {copy.DestinationRef}: {ex.Message}", ex);
        }

        try
        {
            return HelmChartManifest.ChartLayerDigest(manifest);
        }
        catch (FormatException ex)
        {
            throw new MirrorException($"inspect {copy.DestinationRef}: {ex.Message}", ex);
        }
    }
}
