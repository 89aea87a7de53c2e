using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FluxMirror.TestSupport.Spiffe;

/// <summary>Signs and checks ES256 JWTs: the JWT-SVIDs of the fake Workload API and the registry front that accepts them.</summary>
public sealed class Es256Jwt : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string KeyId { get; } = "fake-spire-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();

    public string Sign(string subject, string audience, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = KeyId, ["typ"] = "JWT" };
        var claims = new JsonObject { ["aud"] = new JsonArray(audience), ["exp"] = now + (long)lifetime.TotalSeconds, ["iat"] = now, ["sub"] = subject };
        var signingInput = Encode(header.ToJsonString()) + "." + Encode(claims.ToJsonString());
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>The JWKS of the signing key, as a trust domain's JWT bundle.</summary>
    public byte[] Jwks()
    {
        var p = _key.ExportParameters(false);
        var jwk = new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["kid"] = KeyId,
            ["use"] = "jwt-svid",
            ["x"] = Base64Url.EncodeToString(p.Q.X),
            ["y"] = Base64Url.EncodeToString(p.Q.Y),
        };
        return Encoding.UTF8.GetBytes(new JsonObject { ["keys"] = new JsonArray(jwk) }.ToJsonString());
    }

    /// <summary>Null when the token is signed by this key, unexpired and for <paramref name="audience"/>; else why not.</summary>
    public string? Reject(string token, string audience)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return "not a JWT";
        }

        if (!_key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            return "bad signature";
        }

        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        if (claims.RootElement.GetProperty("exp").GetInt64() <= DateTimeOffset.UtcNow.ToUnixTimeSeconds())
        {
            return "expired";
        }

        return claims.RootElement.GetProperty("aud").EnumerateArray().Any(a => a.GetString() == audience) ? null : "wrong audience";
    }

    public void Dispose() => _key.Dispose();

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
