using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace FluxMirror.Registry.Credentials.Tokens.Jwk;

/// <summary>
/// Ed25519 (RFC 8032, pure EdDSA) over a 32-byte private seed, which is what a JWK's <c>d</c> holds. .NET has no
/// Ed25519, so this is BouncyCastle's constant-time implementation behind three calls.
/// </summary>
public static class Ed25519
{
    public const int KeySize = 32;
    public const int SignatureSize = 64;

    public static byte[] PublicKey(ReadOnlySpan<byte> seed) => PrivateKey(seed).GeneratePublicKey().GetEncoded();

    public static byte[] Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> message)
    {
        var signer = new Ed25519Signer();
        signer.Init(forSigning: true, PrivateKey(seed));
        signer.BlockUpdate(message);
        return signer.GenerateSignature();
    }

    /// <summary>Whether <paramref name="signature"/> is a valid signature of <paramref name="message"/> by <paramref name="publicKey"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != KeySize || signature.Length != SignatureSize)
        {
            return false;
        }

        var verifier = new Ed25519Signer();
        verifier.Init(forSigning: false, new Ed25519PublicKeyParameters(publicKey));
        verifier.BlockUpdate(message);
        return verifier.VerifySignature(signature.ToArray());
    }

    private static Ed25519PrivateKeyParameters PrivateKey(ReadOnlySpan<byte> seed) =>
        seed.Length == KeySize ? new Ed25519PrivateKeyParameters(seed) : throw new ArgumentException($"an Ed25519 private key is {KeySize} bytes", nameof(seed));
}
