using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace FluxMirror.Registry.Credentials.Tokens.Jwk;

/// <summary>
/// A private JSON Web Key that signs JWTs: Ed25519 (<c>kty</c> OKP, <c>crv</c> Ed25519) ⇒ EdDSA, ECDSA P-256/384/521
/// ⇒ ES256/384/512. Read from a bare JWK or a JWK set holding exactly one key; the algorithm follows from the key
/// type alone (a JWK's own <c>alg</c> is not trusted to pick it). RSA, symmetric and public-only keys are refused
/// with the reference's <c>unsupported JWK key type …</c>. <see cref="ToString"/> never reveals key material, and no
/// error quotes the JWK text.
/// </summary>
public sealed class JwkKey
{
    private readonly byte[]? _ed25519Seed;
    private readonly ECParameters _ec;
    private readonly HashAlgorithmName _hash;

    private JwkKey(string algorithm, string? keyId, byte[]? ed25519Seed, ECParameters ec, HashAlgorithmName hash)
    {
        Algorithm = algorithm;
        KeyId = keyId;
        _ed25519Seed = ed25519Seed;
        _ec = ec;
        _hash = hash;
    }

    /// <summary>The JWS <c>alg</c>: <c>EdDSA</c>, <c>ES256</c>, <c>ES384</c> or <c>ES512</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The JWK's <c>kid</c>, carried in the JWT header; null when the key has none.</summary>
    public string? KeyId { get; }

    /// <summary>Parses <paramref name="json"/>; failures throw <see cref="CredentialException"/> with the reference's message.</summary>
    public static JwkKey Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return FromJwk(SingleKey(document.RootElement));
        }
        catch (JsonException ex)
        {
            // .NET's own message quotes the offending character, which could be part of the key.
            throw Malformed($"invalid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}");
        }
    }

    /// <summary>The JWS signature of <paramref name="signingInput"/> (ECDSA as raw r‖s, as JOSE wants it, not DER).</summary>
    public byte[] Sign(ReadOnlySpan<byte> signingInput)
    {
        if (_ed25519Seed is not null)
        {
            return Ed25519.Sign(_ed25519Seed, signingInput);
        }

        using var ecdsa = ECDsa.Create(_ec);
        return ecdsa.SignData(signingInput, _hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public override string ToString() => $"JwkKey {{ Algorithm = {Algorithm}, KeyId = {KeyId}, private key (redacted) }}";

    private static JsonElement SingleKey(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("a JWK must be a JSON object");
        }

        if (!root.TryGetProperty("keys", out var keys))
        {
            return root;
        }

        if (keys.ValueKind != JsonValueKind.Array)
        {
            throw Malformed("\"keys\" of a JWK set must be an array");
        }

        var count = keys.GetArrayLength();
        return count == 1 ? keys[0] : throw new CredentialException($"JWK set must contain exactly one key, got {count}");
    }

    private static JwkKey FromJwk(JsonElement jwk)
    {
        if (jwk.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("a JWK must be a JSON object");
        }

        var kid = Text(jwk, "kid");
        var hasPrivate = jwk.TryGetProperty("d", out _);
        return Text(jwk, "kty") switch
        {
            "OKP" => Okp(jwk, kid, hasPrivate),
            "EC" => Ec(jwk, kid, hasPrivate),
            "RSA" => throw Unsupported(hasPrivate ? "*rsa.PrivateKey" : "*rsa.PublicKey"),
            "oct" => throw Unsupported("[]uint8"),
            null => throw Malformed("go-jose/go-jose: unknown json web key type ''"),
            var other => throw Malformed($"go-jose/go-jose: unknown json web key type '{other}'"),
        };
    }

    private static JwkKey Okp(JsonElement jwk, string? kid, bool hasPrivate)
    {
        var curve = Text(jwk, "crv");
        if (curve != "Ed25519")
        {
            throw Malformed($"go-jose/go-jose: unsupported elliptic curve '{curve}'");
        }

        var x = Bytes(jwk, "x");
        if (x is null || x.Length != Ed25519.KeySize)
        {
            throw Malformed("go-jose/go-jose: invalid Ed25519 Public Key (wrong size)");
        }

        if (!hasPrivate)
        {
            throw Unsupported("ed25519.PublicKey");
        }

        var d = Bytes(jwk, "d");
        if (d is null || d.Length != Ed25519.KeySize)
        {
            throw Malformed("go-jose/go-jose: invalid Ed25519 Private Key (wrong size)");
        }

        // A mismatched pair would sign tokens the registry's copy of the public key rejects: refuse it here.
        return CryptographicOperations.FixedTimeEquals(Ed25519.PublicKey(d), x)
            ? new JwkKey("EdDSA", kid, d, default, default)
            : throw Malformed("Ed25519 public key \"x\" does not belong to private key \"d\"");
    }

    private static JwkKey Ec(JsonElement jwk, string? kid, bool hasPrivate)
    {
        var (curve, algorithm, hash, size) = Text(jwk, "crv") switch
        {
            "P-256" => (ECCurve.NamedCurves.nistP256, "ES256", HashAlgorithmName.SHA256, 32),
            "P-384" => (ECCurve.NamedCurves.nistP384, "ES384", HashAlgorithmName.SHA384, 48),
            "P-521" => (ECCurve.NamedCurves.nistP521, "ES512", HashAlgorithmName.SHA512, 66),
            var other => throw Malformed($"go-jose/go-jose: unsupported elliptic curve '{other}'"),
        };
        var x = Bytes(jwk, "x");
        var y = Bytes(jwk, "y");
        if (x is null || y is null)
        {
            throw Malformed("go-jose/go-jose: invalid EC key, missing x/y values");
        }

        if (!hasPrivate)
        {
            throw Unsupported("*ecdsa.PublicKey");
        }

        var d = Bytes(jwk, "d");
        if (x.Length != size || y.Length != size || d is null || d.Length != size)
        {
            throw Malformed("go-jose/go-jose: invalid EC private key, wrong length");
        }

        var parameters = new ECParameters { Curve = curve, Q = new ECPoint { X = x, Y = y }, D = d };
        try
        {
            // Checks that the point is on the curve and belongs to d, so a broken key fails at load, not at signing.
            using var check = ECDsa.Create(parameters);
        }
        catch (CryptographicException)
        {
            throw Malformed("go-jose/go-jose: invalid EC private key");
        }

        return new JwkKey(algorithm, kid, null, parameters, hash);
    }

    private static string? Text(JsonElement jwk, string name) =>
        jwk.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[]? Bytes(JsonElement jwk, string name)
    {
        if (Text(jwk, name) is not { } text)
        {
            return null;
        }

        try
        {
            return Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            // The reference names the field, never its (possibly secret) content.
            throw Malformed($"illegal base64 data in \"{name}\"");
        }
    }

    private static CredentialException Malformed(string reason) => new("parse JWK: " + reason);

    private static CredentialException Unsupported(string goType) =>
        new($"unsupported JWK key type {goType}: want an Ed25519 or ECDSA (P-256/P-384/P-521) private key");
}
