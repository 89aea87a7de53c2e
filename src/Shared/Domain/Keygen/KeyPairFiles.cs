namespace FluxMirror.Domain.Keygen;

/// <summary>Where a key pair was written (paths joined like Go's <c>filepath.Join</c>) and the <c>kid</c> both keys share.</summary>
public sealed record KeyPairFiles(string PrivatePath, string PublicPath, string KeyId);
