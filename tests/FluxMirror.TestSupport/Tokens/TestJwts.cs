using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace FluxMirror.TestSupport.Tokens;

/// <summary>Builds unsigned JWT-shaped tokens (what a fake issuer hands out) and reads the parts of any JWT.</summary>
public static class TestJwts
{
    /// <summary>A token whose claims are <paramref name="claimsJson"/>, with a throwaway signature part.</summary>
    public static string Unsigned(string claimsJson) =>
        Base64Url.EncodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"u8) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claimsJson)) + ".c2ln";

    /// <summary>An unsigned token expiring at <paramref name="expires"/>, made unique by <paramref name="id"/>.</summary>
    public static string Expiring(DateTimeOffset expires, string id) =>
        Unsigned($"{{\"iss\":\"https://actions.test\",\"jti\":\"{id}\",\"exp\":{expires.ToUnixTimeSeconds()}}}");

    public static JsonDocument Header(string jwt) => Part(jwt, 0);

    public static JsonDocument Claims(string jwt) => Part(jwt, 1);

    private static JsonDocument Part(string jwt, int index) => JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[index]));
}
