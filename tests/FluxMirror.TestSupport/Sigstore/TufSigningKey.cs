using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxMirror.Domain.Signatures.Tuf;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace FluxMirror.TestSupport.Sigstore;

/// <summary>
/// A TUF signing key of the test repository: ECDSA P-256 (PEM public key, DER signatures, as Sigstore's repository
/// uses) or Ed25519 (hex public key). The key id is the SHA-256 of the canonical public-key object, as TUF defines it.
/// </summary>
public sealed class TufSigningKey : IDisposable
{
    private readonly ECDsa? _ecdsa;
    private readonly Ed25519PrivateKeyParameters? _ed25519;
    private readonly JsonObject _publicKey;

    private TufSigningKey(ECDsa? ecdsa, Ed25519PrivateKeyParameters? ed25519, JsonObject publicKey)
    {
        _ecdsa = ecdsa;
        _ed25519 = ed25519;
        _publicKey = publicKey;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.Encode(JsonSerializer.SerializeToElement(publicKey))));
    }

    public string KeyId { get; }

    public static TufSigningKey Ecdsa()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new TufSigningKey(key, null, new JsonObject
        {
            ["keytype"] = "ecdsa",
            ["scheme"] = "ecdsa-sha2-nistp256",
            ["keyval"] = new JsonObject { ["public"] = key.ExportSubjectPublicKeyInfoPem() + "\n" },
        });
    }

    public static TufSigningKey Ed25519()
    {
        var key = new Ed25519PrivateKeyParameters(new SecureRandom());
        return new TufSigningKey(null, key, new JsonObject
        {
            ["keytype"] = "ed25519",
            ["scheme"] = "ed25519",
            ["keyval"] = new JsonObject { ["public"] = Convert.ToHexStringLower(key.GeneratePublicKey().GetEncoded()) },
        });
    }

    /// <summary>Hex signature over <paramref name="message"/>.</summary>
    public string Sign(byte[] message)
    {
        if (_ecdsa is not null)
        {
            return Convert.ToHexStringLower(_ecdsa.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }

        var signer = new Ed25519Signer();
        signer.Init(forSigning: true, _ed25519);
        signer.BlockUpdate(message, 0, message.Length);
        return Convert.ToHexStringLower(signer.GenerateSignature());
    }

    /// <summary>The entry of root.json's <c>keys</c> map (a fresh copy each time: a JSON node has one parent).</summary>
    public JsonObject PublicKey() => (JsonObject)_publicKey.DeepClone();

    public override string ToString() => $"TufSigningKey {_publicKey["keytype"]} {KeyId[..12]}";

    public void Dispose() => _ecdsa?.Dispose();
}
