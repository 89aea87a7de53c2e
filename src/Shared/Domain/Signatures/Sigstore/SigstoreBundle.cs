namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// A Sigstore bundle (<c>application/vnd.dev.sigstore.bundle.v0.3+json</c> and its older versions) reduced to what
/// verification needs. Exactly one of <see cref="MessageSignature"/> and <see cref="Dsse"/> is set.
/// </summary>
/// <param name="MediaType">As written in the bundle, e.g. <c>application/vnd.dev.sigstore.bundle.v0.3+json</c>
/// (v0.3 also spells it <c>application/vnd.dev.sigstore.bundle+json;version=0.3</c>).</param>
/// <param name="Version">Parsed from the media type: (0, 1), (0, 2), (0, 3)…</param>
/// <param name="SigningCertificateDer">The leaf certificate (v0.3 <c>certificate</c>, or the first of an older
/// bundle's <c>x509CertificateChain</c>); null for a key-based (public key hint) bundle.</param>
/// <param name="ChainDer">Further certificates an older bundle carried after the leaf (never trusted by themselves).</param>
public sealed record SigstoreBundle(
    string MediaType,
    Version Version,
    byte[]? SigningCertificateDer,
    IReadOnlyList<byte[]> ChainDer,
    IReadOnlyList<TlogEntry> TlogEntries,
    MessageSignature? MessageSignature,
    DsseEnvelope? Dsse)
{
    /// <summary>A key-based bundle's <c>verificationMaterial.publicKey.hint</c> (no certificate then); null otherwise.</summary>
    public string? PublicKeyHint { get; init; }
}

/// <summary>One transparency-log entry of a bundle (<c>verificationMaterial.tlogEntries[]</c>).</summary>
/// <param name="LogId">The log's key id (<c>logId.keyId</c>), matched against <see cref="TrustedRoot.TransparencyLogs"/>.</param>
/// <param name="Kind">e.g. <c>hashedrekord</c>, <c>dsse</c>.</param>
/// <param name="IntegratedTime">Unix seconds; 0 when the log did not give one.</param>
/// <param name="SignedEntryTimestamp">The log's promise (SET) over the entry; null when absent.</param>
/// <param name="CanonicalizedBody">The log entry body exactly as the log stored it (JSON).</param>
public sealed record TlogEntry(
    long LogIndex,
    byte[] LogId,
    string Kind,
    string KindVersion,
    long IntegratedTime,
    byte[]? SignedEntryTimestamp,
    InclusionProof? InclusionProof,
    byte[] CanonicalizedBody);

/// <summary>An RFC 6962 inclusion proof with the log's signed checkpoint (a signed note) for the same tree.</summary>
public sealed record InclusionProof(long LogIndex, byte[] RootHash, long TreeSize, IReadOnlyList<byte[]> Hashes, string Checkpoint);

/// <summary>A signature over an artifact digest (<c>messageSignature</c>).</summary>
/// <param name="DigestAlgorithm">protobuf-specs name, e.g. <c>SHA2_256</c>.</param>
public sealed record MessageSignature(string DigestAlgorithm, byte[] Digest, byte[] Signature);

/// <summary>A DSSE envelope (<c>dsseEnvelope</c>): the signatures are over the DSSE pre-authentication encoding.</summary>
public sealed record DsseEnvelope(string PayloadType, byte[] Payload, IReadOnlyList<byte[]> Signatures);
