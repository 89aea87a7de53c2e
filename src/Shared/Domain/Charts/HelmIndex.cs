using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Charts;

/// <summary>One chart version listed by a repository index: where its tarball is and the digest the index claims.</summary>
public sealed record HelmChartVersion(string Version, IReadOnlyList<string> Urls, string Digest);

/// <summary>A parsed repository <c>index.yaml</c>: valid versions per chart name, highest version first.</summary>
public sealed class HelmIndex(IReadOnlyDictionary<string, IReadOnlyList<HelmChartVersion>> entries)
{
    public IReadOnlyDictionary<string, IReadOnlyList<HelmChartVersion>> Entries { get; } = entries;

    /// <summary>The versions of <paramref name="chart"/>, or null when the index has none.</summary>
    public IReadOnlyList<HelmChartVersion>? Versions(string chart) =>
        Entries.TryGetValue(chart, out var versions) && versions.Count > 0 ? versions : null;

    /// <summary>The entry with exactly this version string (Helm's <c>IndexFile.Get</c> for a listed version).</summary>
    /// <exception cref="HelmException">With Helm's lookup error.</exception>
    public HelmChartVersion Get(string chart, string version)
    {
        if (!Entries.TryGetValue(chart, out var versions))
        {
            throw new HelmException("no chart name found");
        }

        if (versions.Count == 0)
        {
            throw new HelmException("no chart version found");
        }

        return versions.FirstOrDefault(v => v.Version == version)
            ?? throw new HelmException($"no chart version found for {chart}-{version}");
    }
}
