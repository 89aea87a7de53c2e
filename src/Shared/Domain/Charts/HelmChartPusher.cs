using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;

namespace FluxMirror.Domain.Charts;

/// <summary>
/// Publishes a chart tarball as a Helm-OCI artifact: config blob (the chart metadata), chart layer (the tarball bytes,
/// unchanged, so its digest is sha256 of the tgz), then the deterministic manifest at the tag.
/// </summary>
internal sealed class HelmChartPusher(RegistryClient registry)
{
    /// <returns>Bytes actually uploaded (blobs the registry already had are not counted).</returns>
    /// <exception cref="HelmException">With the reference's <c>load chart archive: </c> / <c>push helm … to &lt;ref&gt;: </c> messages.</exception>
    public async Task<long> PushAsync(RepositoryRef destination, string tag, string displayRef, byte[] chartArchive, CancellationToken ct)
    {
        ChartMetadata metadata;
        try
        {
            metadata = ChartArchiveReader.ReadMetadata(chartArchive);
        }
        catch (HelmException ex)
        {
            throw new HelmException($"load chart archive: {ex.Message}", ex);
        }

        var configBytes = HelmConfigJson.Serialize(metadata);
        var config = new Descriptor(MediaTypes.HelmConfig, Digest.Compute(configBytes), configBytes.LongLength);
        var chart = new Descriptor(MediaTypes.HelmChartContent, Digest.Compute(chartArchive), chartArchive.LongLength);

        long uploaded = 0;
        uploaded += await PushBlobAsync(destination, config, configBytes, $"push helm config to {displayRef}", ct).ConfigureAwait(false);
        uploaded += await PushBlobAsync(destination, chart, chartArchive, $"push helm chart layer to {displayRef}", ct).ConfigureAwait(false);

        var manifest = HelmChartManifest.Build(config, chart);
        try
        {
            await registry.PutManifestAsync(destination, tag, manifest, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new HelmException($"push helm manifest to {displayRef}: {ex.Message}", ex);
        }

        return uploaded + manifest.Bytes.LongLength;
    }

    private async Task<long> PushBlobAsync(RepositoryRef destination, Descriptor blob, byte[] content, string context, CancellationToken ct)
    {
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            var outcome = await registry.PushBlobAsync(destination, stream, blob.Digest, blob.Size, ct).ConfigureAwait(false);
            return outcome == BlobPushOutcome.Pushed ? blob.Size : 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new HelmException($"{context}: {ex.Message}", ex);
        }
    }
}
