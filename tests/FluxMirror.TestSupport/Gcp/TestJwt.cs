using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FluxMirror.TestSupport.Gcp;

/// <summary>RS256 JWTs for the Google fakes: signing what they issue, verifying what clients assert.</summary>
public static class TestJwt
{
    public static string Sign(RSA key, string? keyId, JsonObject claims)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT" };
        if (keyId is not null)
        {
            header["kid"] = keyId;
        }

        var signingInput = Encode(header) + "." + Encode(claims);
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>The claims of an RS256 token signed by <paramref name="key"/>, or null when the signature or shape is wrong.</summary>
    public static JsonElement? Verify(RSA key, string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            if (header.RootElement.GetProperty("alg").GetString() != "RS256")
            {
                return null;
            }

            var valid = key.VerifyData(
                Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]),
                Base64Url.DecodeFromChars(parts[2]),
                HashAlgorithmName.SHA256,
                RSASignaturePadding.Pkcs1);
            return valid ? JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement.Clone() : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or CryptographicException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Encode(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
