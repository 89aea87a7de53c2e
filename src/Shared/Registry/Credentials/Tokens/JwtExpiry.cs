using System.Buffers.Text;
using System.Text.Json;

namespace FluxMirror.Registry.Credentials.Tokens;

/// <summary>
/// Reads the <c>exp</c> claim of a JWT without verifying it. The token is ours to present, not to trust: the registry
/// verifies it; we only need to know how long it may be reused.
/// </summary>
public static class JwtExpiry
{
    /// <summary>The expiry, or null when the token is not a JWT or carries no numeric <c>exp</c>.</summary>
    public static DateTimeOffset? Read(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split('.');
        if (parts.Length < 2)
        {
            return null;
        }

        try
        {
            var payload = Base64Url.DecodeFromChars(parts[1]);
            using var claims = JsonDocument.Parse(payload);
            return claims.RootElement.ValueKind == JsonValueKind.Object
                && claims.RootElement.TryGetProperty("exp", out var exp)
                && exp.ValueKind == JsonValueKind.Number
                && exp.TryGetDouble(out var seconds)
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
