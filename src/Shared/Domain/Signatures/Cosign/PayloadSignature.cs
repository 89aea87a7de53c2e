using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluxMirror.Domain.Signatures.Sigstore;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>
/// A signature made with a Fulcio leaf's key over raw bytes (cosign signs the simple-signing payload itself, not a
/// digest of it): ECDSA with the curve's hash (SHA-256 for P-256, cosign's default) and an ASN.1 signature, or RSA
/// PKCS#1 v1.5 with SHA-256.
/// </summary>
public static class PayloadSignature
{
    public const string Invalid = "failed to verify signature: invalid signature when validating ASN.1 encoded signature";

    /// <exception cref="SignatureVerificationException">The signature does not verify with the leaf's key.</exception>
    public static void Verify(X509Certificate2 leaf, byte[] payload, byte[] signature)
    {
        bool valid;
        using (var ecdsa = leaf.GetECDsaPublicKey())
        using (var rsa = ecdsa is null ? leaf.GetRSAPublicKey() : null)
        {
            valid = (ecdsa, rsa) switch
            {
                ({ } ec, _) => ec.VerifyData(payload, signature, HashFor(ec.KeySize), DSASignatureFormat.Rfc3279DerSequence),
                (_, { } r) => r.VerifyData(payload, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                _ => throw new SignatureVerificationException($"failed to verify signature: unsupported public key algorithm {leaf.PublicKey.Oid.FriendlyName ?? leaf.PublicKey.Oid.Value}"),
            };
        }

        if (!valid)
        {
            throw new SignatureVerificationException(Invalid);
        }
    }

    private static HashAlgorithmName HashFor(int keySize) => keySize switch
    {
        <= 256 => HashAlgorithmName.SHA256,
        <= 384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };
}
