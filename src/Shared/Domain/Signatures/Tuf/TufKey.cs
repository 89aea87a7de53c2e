using System.Security.Cryptography;
using System.Text.Json;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace FluxMirror.Domain.Signatures.Tuf;

/// <summary>
/// A public key of root.json's <c>keys</c> map that this client can check signatures with: ECDSA P-256 with SHA-256
/// (PEM, or the hex uncompressed point old roots carry), Ed25519 (hex), RSASSA-PSS with SHA-256 (PEM). Signatures are
/// hex; ECDSA ones ASN.1 DER (the raw r‖s form is accepted too).
/// </summary>
internal sealed class TufKey
{
    private readonly Func<byte[], byte[], bool> _verify;

    private TufKey(Func<byte[], byte[], bool> verify) => _verify = verify;

    /// <summary>The key, or null for a key type or scheme this client does not know (such keys never count).</summary>
    public static TufKey? TryParse(JsonElement key)
    {
        var keyType = StringOf(key, "keytype");
        var scheme = StringOf(key, "scheme");
        var publicKey = key.TryGetProperty("keyval", out var keyval) ? StringOf(keyval, "public") : null;
        if (publicKey is null)
        {
            return null;
        }

        return (keyType, scheme) switch
        {
            ("ecdsa" or "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256") => Ecdsa(publicKey),
            ("ed25519", "ed25519") => Ed25519(publicKey),
            ("rsa", "rsassa-pss-sha256") => RsaPss(publicKey),
            _ => null,
        };
    }

    public bool Verify(byte[] message, string signatureHex)
    {
        byte[] signature;
        try
        {
            signature = Convert.FromHexString(signatureHex);
        }
        catch (FormatException)
        {
            return false;
        }

        try
        {
            return signature.Length > 0 && _verify(message, signature);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static TufKey? Ecdsa(string publicKey)
    {
        ECParameters parameters;
        try
        {
            using var probe = ECDsa.Create();
            if (publicKey.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                probe.ImportFromPem(publicKey);
            }
            else
            {
                var point = Convert.FromHexString(publicKey);
                if (point.Length != 65 || point[0] != 0x04)
                {
                    return null;
                }

                probe.ImportParameters(new ECParameters
                {
                    Curve = ECCurve.NamedCurves.nistP256,
                    Q = new ECPoint { X = point[1..33], Y = point[33..] },
                });
            }

            parameters = probe.ExportParameters(includePrivateParameters: false);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or FormatException)
        {
            return null;
        }

        if (parameters.Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            return null;
        }

        return new TufKey((message, signature) =>
        {
            using var ecdsa = ECDsa.Create(parameters);
            return ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
                || (signature.Length == 64 && ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        });
    }

    private static TufKey? Ed25519(string publicKey)
    {
        byte[] raw;
        try
        {
            raw = Convert.FromHexString(publicKey);
        }
        catch (FormatException)
        {
            return null;
        }

        if (raw.Length != Ed25519PublicKeyParameters.KeySize)
        {
            return null;
        }

        var parameters = new Ed25519PublicKeyParameters(raw);
        return new TufKey((message, signature) =>
        {
            var verifier = new Ed25519Signer();
            verifier.Init(forSigning: false, parameters);
            verifier.BlockUpdate(message, 0, message.Length);
            return verifier.VerifySignature(signature);
        });
    }

    private static TufKey? RsaPss(string publicKey)
    {
        RSAParameters parameters;
        try
        {
            using var probe = RSA.Create();
            probe.ImportFromPem(publicKey);
            parameters = probe.ExportParameters(includePrivateParameters: false);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return null;
        }

        return new TufKey((message, signature) =>
        {
            using var rsa = RSA.Create(parameters);
            return rsa.VerifyData(message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        });
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
