namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// One signature line of a signed note (<c>— name base64(keyHint || signature)</c>).
/// </summary>
/// <param name="KeyHint">The first four bytes of the SHA-256 of the signer's PKIX public key, big-endian.</param>
public sealed record CheckpointSignature(string Name, uint KeyHint, byte[] Signature);
