using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FluxMirror.TestSupport.Azure;

/// <summary>
/// HS256 JWTs for the fake Entra and ACR endpoints: each fake signs what it issues with its own random key, so it
/// accepts exactly the tokens it minted (and nothing a client could forge or another fake issued).
/// </summary>
public sealed class FakeJwt
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Issue(IReadOnlyDictionary<string, object?> claims)
    {
        var header = Base64Url.EncodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims));
        return $"{header}.{payload}.{Sign(header, payload)}";
    }

    /// <summary>The claims of a token this instance issued and that has not expired, else null.</summary>
    public JsonElement? Verify(string? token, DateTimeOffset now)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 } || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(parts[0], parts[1])), Encoding.ASCII.GetBytes(parts[2])))
        {
            return null;
        }

        var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement.Clone();
        return claims.TryGetProperty("exp", out var exp) && exp.GetInt64() > now.ToUnixTimeSeconds() ? claims : null;
    }

    /// <summary>An unsigned token carrying only <c>exp</c> (for unit tests that read, not verify, it).</summary>
    public static string Unsigned(DateTimeOffset exp) =>
        $"{Base64Url.EncodeToString("{\"alg\":\"none\"}"u8)}.{Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new { exp = exp.ToUnixTimeSeconds() }))}.";

    private string Sign(string header, string payload) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{header}.{payload}")));
}
