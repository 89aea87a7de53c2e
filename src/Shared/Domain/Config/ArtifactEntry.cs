using FluxMirror.Domain.Selection;

namespace FluxMirror.Domain.Config;

/// <summary>An OCI artifact to copy between two OCI repositories (both written without a scheme).</summary>
/// <param name="SortByText">The <c>selector.sortBy</c> text exactly as written (null when absent).
/// Kept because an unknown value is reported by validation with the raw text, while
/// <see cref="SelectorSpec.SortBy"/> can only hold a known order.</param>
public sealed record ArtifactEntry(
    string Source,
    string Destination,
    SelectorSpec Selector,
    bool IncludeReferrers = false,
    bool Overwrite = false,
    VerifySpec? Verify = null,
    string? SortByText = null);

/// <summary>Cosign keyless verification of each selected source tag.</summary>
public sealed record VerifySpec(string Provider, IReadOnlyList<OidcIdentity> MatchOidcIdentity, TimeSpan? MinAge = null)
{
    public const string ProviderCosign = "cosign";
}

/// <summary>An accepted Fulcio identity: exact OIDC issuer plus a Go regex over the certificate SAN.</summary>
public sealed record OidcIdentity(string Issuer, string Subject);
