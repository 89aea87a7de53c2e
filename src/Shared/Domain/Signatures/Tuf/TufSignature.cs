namespace FluxMirror.Domain.Signatures.Tuf;

/// <summary>One entry of a metadata file's <c>signatures</c>: the signing key's id and the hex signature.</summary>
internal sealed record TufSignature(string KeyId, string Signature);
