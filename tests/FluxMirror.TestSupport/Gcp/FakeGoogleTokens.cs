using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace FluxMirror.TestSupport.Gcp;

/// <summary>
/// What the Google fakes (token endpoint, metadata server) hand out: opaque access tokens and RS256 ID tokens signed
/// by a key of their own. Records every token, so tests can check a registry saw exactly these and that no output
/// leaked one, and verifies ID tokens the way a relying party would (signature, issuer, audience, expiry).
/// </summary>
public sealed class FakeGoogleTokens : IDisposable
{
    public const string Issuer = "https://accounts.google.com";
    private readonly RSA _signingKey = RSA.Create(2048);
    private readonly string _keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    private readonly ConcurrentQueue<string> _accessTokens = new();
    private readonly ConcurrentQueue<string> _idTokens = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _accessTokenExpiry = new(StringComparer.Ordinal);

    /// <summary>The <c>expires_in</c> of access tokens and the lifetime of ID tokens.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    public IReadOnlyList<string> AccessTokens => _accessTokens.ToArray();

    public IReadOnlyList<string> IdTokens => _idTokens.ToArray();

    /// <summary>Every token issued so far, for "never in the output" checks.</summary>
    public IReadOnlyList<string> All => [.. AccessTokens, .. IdTokens];

    public string IssueAccessToken()
    {
        var token = "ya29.fake-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _accessTokens.Enqueue(token);
        _accessTokenExpiry[token] = DateTimeOffset.UtcNow + Lifetime;
        return token;
    }

    public string IssueIdToken(string audience, string email)
    {
        var now = DateTimeOffset.UtcNow;
        var token = TestJwt.Sign(_signingKey, _keyId, new JsonObject
        {
            ["iss"] = Issuer,
            ["aud"] = audience,
            ["azp"] = email,
            ["sub"] = "1" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
            ["email"] = email,
            ["email_verified"] = true,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
        });
        _idTokens.Enqueue(token);
        return token;
    }

    public bool IsIssuedAccessToken(string token) => _accessTokens.Contains(token);

    /// <summary>True for an access token these fakes issued whose <c>expires_in</c> has not run out.</summary>
    public bool IsLiveAccessToken(string token) =>
        _accessTokenExpiry.TryGetValue(token, out var expiry) && expiry > DateTimeOffset.UtcNow;

    /// <summary>True for an unexpired ID token these fakes signed for <paramref name="audience"/>.</summary>
    public bool IsValidIdToken(string token, string audience)
    {
        if (TestJwt.Verify(_signingKey, token) is not { } claims)
        {
            return false;
        }

        return claims.TryGetProperty("iss", out var iss) && iss.GetString() == Issuer
            && claims.TryGetProperty("aud", out var aud) && aud.GetString() == audience
            && claims.TryGetProperty("exp", out var exp) && exp.GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }

    public void Dispose() => _signingKey.Dispose();
}
