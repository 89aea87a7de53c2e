using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ed = FluxMirror.Registry.Credentials.Tokens.Jwk.Ed25519;

namespace FluxMirror.TestSupport.Tokens;

/// <summary>
/// A throwaway signing key as a JWK (Ed25519 or ECDSA), with what a registry that trusts it would do: verify a
/// JWT's signature with the public half and check its claims.
/// </summary>
public sealed class TestJwk
{
    private readonly Func<byte[], byte[], bool> _verify;

    private TestJwk(string algorithm, string privateJson, string publicJson, Func<byte[], byte[], bool> verify)
    {
        Algorithm = algorithm;
        PrivateJson = privateJson;
        PublicJson = publicJson;
        _verify = verify;
    }

    public string Algorithm { get; }

    /// <summary>The bare private JWK.</summary>
    public string PrivateJson { get; }

    /// <summary>The bare public JWK (no <c>d</c>).</summary>
    public string PublicJson { get; }

    /// <summary>The private JWK inside a JWK set of one, as <c>flux mirror keygen</c> writes it.</summary>
    public string PrivateSetJson => $"{{\"keys\":[{PrivateJson}]}}";

    public static TestJwk Ed25519(string? kid = "test-key", byte[]? seed = null)
    {
        seed ??= RandomNumberGenerator.GetBytes(Ed.KeySize);
        var publicKey = Ed.PublicKey(seed);
        var members = $"\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"{B64(publicKey)}\"{Kid(kid)}";
        return new TestJwk("EdDSA", $"{{{members},\"d\":\"{B64(seed)}\"}}", $"{{{members}}}", (input, signature) => Ed.Verify(publicKey, input, signature));
    }

    /// <summary>
    /// What a registry given only an Ed25519 public JWK set (e.g. <c>keygen</c>'s <c>pubkey.json</c>) trusts: it verifies
    /// signatures with that key and cannot sign (<see cref="PrivateJson"/> is empty).
    /// </summary>
    public static TestJwk TrustingPublicSet(string publicSetJson)
    {
        using var set = JsonDocument.Parse(publicSetJson);
        var key = set.RootElement.GetProperty("keys").EnumerateArray().Single();
        var publicKey = Base64Url.DecodeFromChars(key.GetProperty("x").GetString());
        return new TestJwk("EdDSA", "", key.GetRawText(), (input, signature) => Ed.Verify(publicKey, input, signature));
    }

    /// <param name="crv">P-256, P-384 or P-521.</param>
    public static TestJwk Ec(string crv = "P-256", string? kid = "test-key")
    {
        var (curve, algorithm, hash) = crv switch
        {
            "P-256" => (ECCurve.NamedCurves.nistP256, "ES256", HashAlgorithmName.SHA256),
            "P-384" => (ECCurve.NamedCurves.nistP384, "ES384", HashAlgorithmName.SHA384),
            _ => (ECCurve.NamedCurves.nistP521, "ES512", HashAlgorithmName.SHA512),
        };
        using var key = ECDsa.Create(curve);
        var p = key.ExportParameters(includePrivateParameters: true);
        var publicParameters = new ECParameters { Curve = curve, Q = p.Q };
        var members = $"\"kty\":\"EC\",\"crv\":\"{crv}\",\"x\":\"{B64(p.Q.X!)}\",\"y\":\"{B64(p.Q.Y!)}\"{Kid(kid)}";
        return new TestJwk(algorithm, $"{{{members},\"d\":\"{B64(p.D!)}\"}}", $"{{{members}}}", (input, signature) =>
        {
            using var verifier = ECDsa.Create(publicParameters);
            return verifier.VerifyData(input, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        });
    }

    /// <summary>An RSA private JWK (which the reference refuses to sign with).</summary>
    public static string RsaPrivateJson()
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        return $"{{\"kty\":\"RSA\",\"n\":\"{B64(p.Modulus!)}\",\"e\":\"{B64(p.Exponent!)}\",\"d\":\"{B64(p.D!)}\",\"p\":\"{B64(p.P!)}\",\"q\":\"{B64(p.Q!)}\"," +
            $"\"dp\":\"{B64(p.DP!)}\",\"dq\":\"{B64(p.DQ!)}\",\"qi\":\"{B64(p.InverseQ!)}\"}}";
    }

    /// <summary>Whether the JWS signature of <paramref name="jwt"/> verifies with this key's public half.</summary>
    public bool SignatureValid(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        try
        {
            return _verify(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Why a registry trusting this key for (<paramref name="issuer"/>, <paramref name="subject"/>,
    /// <paramref name="audience"/>) would refuse <paramref name="jwt"/> at <paramref name="now"/>, or null when it accepts it.
    /// </summary>
    public string? Rejection(string jwt, string issuer, string subject, string audience, DateTimeOffset now)
    {
        if (!SignatureValid(jwt))
        {
            return "bad signature";
        }

        using var header = TestJwts.Header(jwt);
        using var claims = TestJwts.Claims(jwt);
        var c = claims.RootElement;
        var unix = now.ToUnixTimeSeconds();
        return header.RootElement.GetProperty("alg").GetString() != Algorithm ? "wrong alg"
            : c.GetProperty("iss").GetString() != issuer ? "wrong iss"
            : c.GetProperty("sub").GetString() != subject ? "wrong sub"
            : c.GetProperty("aud").ValueKind != JsonValueKind.Array || c.GetProperty("aud").EnumerateArray().Select(a => a.GetString()).SingleOrDefault() != audience ? "wrong aud"
            : c.GetProperty("exp").GetInt64() <= unix ? "expired"
            : c.GetProperty("nbf").GetInt64() > unix ? "not yet valid"
            : null;
    }

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    private static string Kid(string? kid) => kid is null ? "" : $",\"kid\":\"{kid}\"";
}
