namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>
/// Where a job's Sigstore trust comes from. With <see cref="TrustedRootJson"/> (air-gapped or private Sigstore, from
/// <c>--sigstore-trusted-root</c>) it is used as is and nothing is fetched. Otherwise the trusted root is fetched
/// through TUF: the public-good repository by default, or <see cref="TufUrl"/> bootstrapped from
/// <see cref="TufInitialRoot"/> (a private repository's root.json).
/// </summary>
public sealed record SigstoreOptions(byte[]? TrustedRootJson = null, Uri? TufUrl = null, byte[]? TufInitialRoot = null, string? TufCacheDirectory = null)
{
    public static SigstoreOptions Default { get; } = new();
}
