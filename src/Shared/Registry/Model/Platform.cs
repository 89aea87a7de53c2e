namespace FluxMirror.Registry.Model;

/// <summary>The platform an index entry is built for (only informative: we copy every platform).</summary>
public sealed record Platform(
    string Architecture,
    string Os,
    string? Variant = null,
    string? OsVersion = null,
    IReadOnlyList<string>? OsFeatures = null)
{
    public override string ToString() =>
        Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
