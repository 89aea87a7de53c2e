namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>One signature of a dsse 0.0.1 entry and the certificate or public key (PEM) that verifies it.</summary>
public sealed record DsseEntrySignature(byte[] Signature, byte[] VerifierPem);
