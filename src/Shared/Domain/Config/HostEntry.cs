namespace FluxMirror.Domain.Config;

/// <summary>Per-host authentication and transport settings for OCI registry requests.</summary>
/// <param name="Host">Registry host with optional port, matched exactly against request hosts.</param>
/// <param name="Username">When set, the credential is sent as the password of a username/password pair;
/// when unset it is a bearer token.</param>
/// <param name="Provider">Cloud registry provider: ecr, acr or gar.</param>
/// <param name="MaxChunkSize">Maximum blob-upload PATCH size in KiB; null or 0 disables chunking.</param>
public sealed record HostEntry(
    string Host,
    string? Username = null,
    CredentialSpec? Credential = null,
    string? Provider = null,
    TlsSpec? Tls = null,
    int? MaxChunkSize = null)
{
    public const string ProviderEcr = "ecr";
    public const string ProviderAcr = "acr";
    public const string ProviderGar = "gar";

    public int EffectiveMaxChunkSize => MaxChunkSize ?? 0;

    /// <summary>True when the credential goes out as <c>Authorization: Bearer</c> (no username configured).</summary>
    public bool SendsBearerToken => Credential is not null && string.IsNullOrWhiteSpace(Username);
}
