using System.Formats.Asn1;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// Checks a signature a transparency log made with its key: ECDSA (any curve) over the SHA-256 digest of the message
/// with an ASN.1 DER signature, as Rekor signs SETs and checkpoints, or Ed25519 over the message itself.
/// </summary>
public static class TransparencyLogSignature
{
    private const string Ed25519Oid = "1.3.101.112";
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string RsaOid = "1.2.840.113549.1.1.1";

    /// <summary>True when <paramref name="signature"/> is the log key's signature over <paramref name="message"/>.</summary>
    /// <exception cref="SignatureVerificationException">The key is of a kind logs do not sign with here (RSA, unknown).</exception>
    public static bool Verify(TransparencyLogKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        switch (AlgorithmOf(key))
        {
            case Ed25519Oid:
                return VerifyEd25519(key.PublicKeyDer, message, signature);
            case EcPublicKeyOid:
                using (var ecdsa = ECDsa.Create())
                {
                    try
                    {
                        ecdsa.ImportSubjectPublicKeyInfo(key.PublicKeyDer, out _);
                        return ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
                    }
                    catch (CryptographicException)
                    {
                        return false;
                    }
                }
            case RsaOid:
                // sigstore-go's SET check names the Go type it cannot use.
                throw new SignatureVerificationException("unsupported public key type: *rsa.PublicKey");
            default:
                throw new SignatureVerificationException($"unsupported public key type: {key.KeyDetails}");
        }
    }

    private static bool VerifyEd25519(byte[] spki, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        try
        {
            if (PublicKeyFactory.CreateKey(spki) is not Ed25519PublicKeyParameters publicKey)
            {
                return false;
            }
            var verifier = new Ed25519Signer();
            verifier.Init(false, publicKey);
            verifier.BlockUpdate(message);
            return verifier.VerifySignature(signature.ToArray());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or Org.BouncyCastle.Security.SecurityUtilityException)
        {
            return false;
        }
    }

    /// <summary>The SubjectPublicKeyInfo's algorithm OID, falling back to the key details name when the DER is unreadable.</summary>
    private static string AlgorithmOf(TransparencyLogKey key)
    {
        try
        {
            var spki = new AsnReader(key.PublicKeyDer, AsnEncodingRules.DER).ReadSequence();
            return spki.ReadSequence().ReadObjectIdentifier();
        }
        catch (AsnContentException)
        {
            return key.KeyDetails switch
            {
                var d when d.Contains("ED25519", StringComparison.Ordinal) => Ed25519Oid,
                var d when d.Contains("ECDSA", StringComparison.Ordinal) => EcPublicKeyOid,
                var d when d.Contains("RSA", StringComparison.Ordinal) => RsaOid,
                _ => key.KeyDetails,
            };
        }
    }
}
