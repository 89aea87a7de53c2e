namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// The trust anchors of one Sigstore instance (public-good or private), as its <c>trusted_root.json</c>
/// (media type <c>application/vnd.dev.sigstore.trustedroot+json;version=0.1</c>) describes them: the Fulcio-like
/// certificate authorities that issue signing certificates, the transparency logs (Rekor) whose entries prove when
/// a signature was made, and the certificate-transparency logs whose SCTs a signing certificate must carry.
/// </summary>
public sealed record TrustedRoot(
    IReadOnlyList<CertificateAuthority> CertificateAuthorities,
    IReadOnlyList<TransparencyLogKey> TransparencyLogs,
    IReadOnlyList<TransparencyLogKey> CertificateTransparencyLogs);

/// <summary>One certificate authority: its chain (DER, issuing certificate first, self-signed root last) and when
/// it may have issued certificates.</summary>
public sealed record CertificateAuthority(string? Uri, IReadOnlyList<byte[]> ChainDer, ValidityPeriod ValidFor);

/// <summary>
/// One log's verification key. <paramref name="LogId"/> is the log's key id (SHA-256 of the DER public key for
/// Rekor and CT logs), how a log entry or an SCT names the log that signed it.
/// </summary>
/// <param name="PublicKeyDer">SubjectPublicKeyInfo (PKIX) DER.</param>
/// <param name="KeyDetails">The protobuf-specs key details name, e.g. <c>PKIX_ECDSA_P256_SHA_256</c> or <c>PKIX_ED25519</c>.</param>
public sealed record TransparencyLogKey(string? BaseUrl, byte[] LogId, byte[] PublicKeyDer, string KeyDetails, ValidityPeriod ValidFor);

/// <summary>A half-open time range; a missing end means still valid.</summary>
public sealed record ValidityPeriod(DateTimeOffset? Start, DateTimeOffset? End)
{
    public bool Contains(DateTimeOffset time) => (Start is null || time >= Start) && (End is null || time <= End);
}
