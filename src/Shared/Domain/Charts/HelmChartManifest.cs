using System.Globalization;
using System.Text;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Charts;

/// <summary>
/// The Helm-OCI manifest: built deterministically (fixed member order, no annotations, no artifactType) so the same
/// chart always yields the same manifest digest, and read back to find a destination's chart layer.
/// </summary>
internal static class HelmChartManifest
{
    public static ManifestBlob Build(Descriptor config, Descriptor chart)
    {
        var json = new StringBuilder()
            .Append("{\"schemaVersion\":2,\"mediaType\":\"").Append(MediaTypes.OciManifest).Append('"')
            .Append(",\"config\":").Append(DescriptorJson(MediaTypes.HelmConfig, config))
            .Append(",\"layers\":[").Append(DescriptorJson(MediaTypes.HelmChartContent, chart)).Append("]}");
        return ManifestBlob.FromBytes(Encoding.UTF8.GetBytes(json.ToString()), MediaTypes.OciManifest);
    }

    /// <summary>The chart-content layer digest of a Helm chart manifest.</summary>
    /// <exception cref="FormatException">Not a Helm chart, or no chart layer (Helm-compatible messages).</exception>
    public static string ChartLayerDigest(ManifestBlob manifest)
    {
        var parsed = manifest.Parse();
        var configMediaType = parsed.Config?.MediaType ?? string.Empty;
        if (configMediaType != MediaTypes.HelmConfig)
        {
            throw new FormatException($"not a helm chart (config mediaType {GoQuote.Quote(configMediaType)})");
        }

        return parsed.Layers.FirstOrDefault(l => l.MediaType == MediaTypes.HelmChartContent)?.Digest
            ?? throw new FormatException($"no helm chart content layer (mediaType {MediaTypes.HelmChartContent})");
    }

    private static string DescriptorJson(string mediaType, Descriptor blob) =>
        $"{{\"mediaType\":\"{mediaType}\",\"digest\":\"{Digest.Validate(blob.Digest)}\",\"size\":{blob.Size.ToString(CultureInfo.InvariantCulture)}}}";
}
