namespace FluxMirror.Domain.Config;

/// <summary>A Helm chart pulled from an HTTP/S repository and pushed as an OCI chart.</summary>
public sealed record ChartEntry(
    string Name,
    string Source,
    string Destination,
    string? Version = null,
    int? Limit = null,
    bool Overwrite = false)
{
    public const string DefaultVersion = "*";

    public string EffectiveVersion => string.IsNullOrWhiteSpace(Version) ? DefaultVersion : Version;

    /// <summary>1 when unset; 0 means every matching version.</summary>
    public int EffectiveLimit => Limit ?? 1;

    /// <summary>Where versions land: <c>oci://</c> stripped, trailing slashes trimmed, the chart name appended.</summary>
    public string DestinationRepository => TrimOci(Destination).TrimEnd('/') + "/" + Name;

    /// <summary>The entry label used by the text output and the report <c>source</c>.</summary>
    public string SourceLabel => Source.TrimEnd('/') + "/" + Name;

    private static string TrimOci(string url) =>
        url.StartsWith("oci://", StringComparison.Ordinal) ? url["oci://".Length..] : url;
}
