namespace FluxMirror.TestSupport.Sigstore;

/// <summary>Deviations from a normal Fulcio leaf, for tests of what a verifier must refuse or tolerate.</summary>
/// <param name="ExtendedKeyUsages">EKU OIDs; null = code signing; empty = no EKU extension.</param>
/// <param name="IssuerV2">Whether the leaf carries the v2 issuer extension (the deprecated v1 one is always there).</param>
public sealed record LeafProfile(IReadOnlyList<string>? ExtendedKeyUsages = null, bool IssuerV2 = true)
{
    public static LeafProfile Default { get; } = new();
}
