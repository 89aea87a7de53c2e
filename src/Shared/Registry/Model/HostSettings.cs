namespace FluxMirror.Registry.Model;

/// <summary>
/// Per-registry-host settings (from config <c>hosts[]</c>). With <see cref="Credential"/> and no
/// <see cref="Username"/> the credential is stamped as <c>Authorization: Bearer</c> on every request; with a
/// username it is the password in the registry's auth challenge.
/// </summary>
public sealed record HostSettings
{
    public string? Username { get; init; }

    public IHostCredentialSource? Credential { get; init; }

    /// <summary>Largest blob-upload PATCH in KiB; 0 = one monolithic PATCH per blob.</summary>
    public int MaxChunkSizeKiB { get; init; }

    public HostTlsSettings? Tls { get; init; }
}
