namespace FluxMirror.TestSupport.Sigstore;

/// <summary>How <see cref="LegacySignatureBuilder"/> breaks a signature (defaults: a valid keyless one).</summary>
/// <param name="ClaimedDigest">The digest the payload claims, when not the signed one.</param>
/// <param name="PayloadType">The payload's <c>critical.type</c>.</param>
/// <param name="KeyBased">No certificate annotations (a signature made with a key pair).</param>
/// <param name="CertificateNotBefore">The leaf's start, relative to the integrated time (default one minute before).</param>
/// <param name="ForeignSignature">The annotation carries a signature by another key (the log entry too).</param>
/// <param name="LoggedPayloadHash">The payload hash written into the log entry, when not the payload's.</param>
public sealed record LegacySignOptions(
    string? ClaimedDigest = null,
    string PayloadType = SimpleSigningPayloads.CosignType,
    bool KeyBased = false,
    SctMode Sct = SctMode.Valid,
    RekorEntryMode Rekor = RekorEntryMode.SetOnly,
    TimeSpan? CertificateNotBefore = null,
    bool ForeignSignature = false,
    string? LoggedPayloadHash = null)
{
    public static LegacySignOptions Valid { get; } = new();
}
