namespace FluxMirror.TestSupport.Sigstore;

/// <summary>
/// How <see cref="PrivateSigstore.SignDigest"/> signs: validly by default, or broken in exactly one way, so each
/// failure a verifier must catch has a bundle that differs from a good one only there.
/// </summary>
public sealed record SignOptions
{
    public static SignOptions Valid { get; } = new();

    /// <summary>A DSSE envelope with an in-toto statement naming the digest (a dsse log entry), instead of a message
    /// signature over the digest (a hashedrekord entry).</summary>
    public bool Dsse { get; init; }

    /// <summary>Sign (and log) this digest instead of the manifest's: a signature for another image.</summary>
    public string? SignedDigest { get; init; }

    /// <summary>When the log integrated the entry; the certificate is issued a minute before. Default: now − 1 h.</summary>
    public DateTimeOffset? IntegratedTime { get; init; }

    /// <summary>The certificate expired before the log integrated the entry (signed with a stale certificate).</summary>
    public bool CertificateExpiredAtIntegration { get; init; }

    public SctMode Sct { get; init; } = SctMode.Valid;

    public RekorEntryMode Rekor { get; init; } = RekorEntryMode.ProofAndSet;

    /// <summary>The bundle's media type (e.g. v0.2's <c>application/vnd.dev.sigstore.bundle+json;version=0.2</c>).</summary>
    public string BundleMediaType { get; init; } = PrivateSigstore.BundleMediaTypeV03;
}
