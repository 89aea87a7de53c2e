using FluxMirror.Domain.Selection;
using YamlDotNet.RepresentationModel;
using static FluxMirror.Domain.GoCompat.GoYamlFields;

namespace FluxMirror.Domain.Charts;

/// <summary>
/// Helm's <c>repo.LoadIndexFile</c> rules: an empty file or a missing <c>apiVersion</c> is an error, null or invalid
/// version entries are dropped (a duplicate dependency alias is tolerated), and each chart's versions are sorted
/// highest first. Unknown fields are ignored.
/// </summary>
internal static class HelmIndexParser
{
    private const string ApiVersionV1 = "v1";

    /// <exception cref="FormatException">With Helm's message.</exception>
    public static HelmIndex Parse(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new FormatException("empty index.yaml file");
        }

        var apiVersion = string.Empty;
        var entries = new Dictionary<string, IReadOnlyList<HelmChartVersion>>(StringComparer.Ordinal);
        if (HelmYaml.LoadMapping(data, "index file") is { } root)
        {
            foreach (var (key, value) in Entries(root))
            {
                switch (key.ToLowerInvariant())
                {
                    case "apiversion":
                        apiVersion = String(value, key);
                        break;
                    case "entries":
                        entries = ReadEntries(value);
                        break;
                }
            }
        }

        return apiVersion.Length == 0 ? throw new FormatException("no API version specified") : new HelmIndex(entries);
    }

    private static Dictionary<string, IReadOnlyList<HelmChartVersion>> ReadEntries(YamlNode node)
    {
        var entries = new Dictionary<string, IReadOnlyList<HelmChartVersion>>(StringComparer.Ordinal);
        if (Mapping(node, "entries") is not { } map)
        {
            return entries;
        }

        foreach (var (chart, versions) in Entries(map))
        {
            var valid = (List(versions, "entries", "ChartVersions") ?? [])
                .Select(ReadVersion)
                .OfType<(HelmChartVersion Entry, LenientVersion Order)>()
                .ToList();
            // Stable, highest first: equal precedence keeps the index's own order.
            entries[chart] = [.. valid.OrderByDescending(v => v.Order).Select(v => v.Entry)];
        }

        return entries;
    }

    private static (HelmChartVersion, LenientVersion)? ReadVersion(YamlNode node)
    {
        if (Mapping(node, "entries") is not { } map)
        {
            return null;
        }

        var metadata = ChartMetadataReader.Read(map);
        metadata = metadata.ApiVersion.Length == 0 ? metadata with { ApiVersion = ApiVersionV1 } : metadata;
        var (_, error) = ChartMetadataValidator.Validate(metadata);
        if ((error is not null && !error.StartsWith(ChartMetadataValidator.DuplicateDependencyPrefix, StringComparison.Ordinal))
            || !LenientVersion.TryParse(metadata.Version, out var order) || order is null)
        {
            return null;
        }

        IReadOnlyList<string> urls = [];
        var digest = string.Empty;
        foreach (var (key, value) in Entries(map))
        {
            switch (key.ToLowerInvariant())
            {
                case "urls":
                    urls = StringList(value, key) ?? [];
                    break;
                case "digest":
                    digest = String(value, key);
                    break;
            }
        }

        return (new HelmChartVersion(metadata.Version, urls, digest), order);
    }
}
