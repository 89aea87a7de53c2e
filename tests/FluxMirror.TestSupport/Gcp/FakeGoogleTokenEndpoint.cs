using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FluxMirror.TestSupport.Gcp;

/// <summary>
/// Google's OAuth token endpoint (<c>POST /token</c>, form-encoded) for the two grants application default credentials
/// use: the JWT-bearer grant of a service account (the RS256 assertion is verified with the account's public key and must be
/// addressed to Google's canonical token URL, which Google.Apis.Auth uses as <c>aud</c> whatever URL it posts to;
/// <c>scope</c> ⇒ access token, <c>target_audience</c> ⇒ ID token) and the refresh-token grant of gcloud user
/// credentials (access token, plus an ID token for gcloud's client id unless <see cref="OmitIdToken"/>). Serve it on a
/// CloudHttpsServer named <c>oauth2.googleapis.com</c> (<see cref="Map"/>) or on a LoopbackServer (<see cref="Handle"/>).
/// </summary>
public sealed class FakeGoogleTokenEndpoint
{
    private const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private readonly FakeGoogleTokens _tokens;
    private readonly GcpServiceAccountKey? _account;
    private readonly GcloudUserCredentials? _user;
    private (int Status, string Error, string Description)? _refusal;
    private int _accessTokenGrants;
    private int _idTokenGrants;

    public FakeGoogleTokenEndpoint(FakeGoogleTokens tokens, GcpServiceAccountKey? account = null, GcloudUserCredentials? user = null)
    {
        _tokens = tokens;
        _account = account;
        _user = user;
    }

    /// <summary>Answer refresh grants without an <c>id_token</c> (user credentials not scoped for openid).</summary>
    public bool OmitIdToken { get; set; }

    public int AccessTokenGrants => Volatile.Read(ref _accessTokenGrants);

    public int IdTokenGrants => Volatile.Read(ref _idTokenGrants);

    /// <summary>From now on, answer every grant with this OAuth error.</summary>
    public void Refuse(int status, string error, string description) => _refusal = (status, error, description);

    public void Map(WebApplication app) => app.MapPost("/token", async (HttpRequest request) =>
    {
        var form = await request.ReadFormAsync();
        var (status, json) = Answer(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
        return Results.Content(json, "application/json", Encoding.UTF8, status);
    });

    public ScriptedResponse Handle(RecordedRequest request)
    {
        if (request.Method != "POST" || !request.PathAndQuery.StartsWith("/token", StringComparison.Ordinal))
        {
            return ScriptedResponse.Empty(404);
        }

        var form = Encoding.UTF8.GetString(request.Body).Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => WebUtility.UrlDecode(pair[0]), pair => pair.Length > 1 ? WebUtility.UrlDecode(pair[1]) : string.Empty);
        var (status, json) = Answer(form);
        return ScriptedResponse.Json(status, json);
    }

    private (int Status, string Json) Answer(IReadOnlyDictionary<string, string> form)
    {
        if (_refusal is { } refusal)
        {
            return Error(refusal.Status, refusal.Error, refusal.Description);
        }

        return form.GetValueOrDefault("grant_type") switch
        {
            JwtBearer => ServiceAccountGrant(form.GetValueOrDefault("assertion") ?? string.Empty),
            "refresh_token" => RefreshGrant(form),
            var other => Error(400, "unsupported_grant_type", $"grant type {other} is not served here"),
        };
    }

    private (int, string) ServiceAccountGrant(string assertion)
    {
        if (_account?.VerifyAssertion(assertion) is not { } claims)
        {
            return Error(400, "invalid_grant", "Invalid JWT Signature.");
        }

        if (Claim(claims, "iss") != _account.ClientEmail || Claim(claims, "aud") != GcpServiceAccountKey.DefaultTokenUri
            || !claims.TryGetProperty("exp", out var exp) || exp.GetInt64() < DateTimeOffset.UtcNow.ToUnixTimeSeconds())
        {
            return Error(400, "invalid_grant", "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.");
        }

        if (Claim(claims, "target_audience") is { Length: > 0 } audience)
        {
            Interlocked.Increment(ref _idTokenGrants);
            return (200, new JsonObject { ["id_token"] = _tokens.IssueIdToken(audience, _account.ClientEmail) }.ToJsonString());
        }

        return Claim(claims, "scope") is { Length: > 0 } scope
            ? AccessTokenResponse(scope, idTokenAudience: null)
            : Error(400, "invalid_scope", "Invalid OAuth scope or ID token audience provided.");
    }

    private (int, string) RefreshGrant(IReadOnlyDictionary<string, string> form)
    {
        if (_user is null || form.GetValueOrDefault("refresh_token") != _user.RefreshToken
            || form.GetValueOrDefault("client_id") != _user.ClientId || form.GetValueOrDefault("client_secret") != _user.ClientSecret)
        {
            return Error(400, "invalid_grant", "Bad Request");
        }

        return AccessTokenResponse(
            "openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/cloud-platform",
            OmitIdToken ? null : _user.ClientId);
    }

    private (int, string) AccessTokenResponse(string scope, string? idTokenAudience)
    {
        Interlocked.Increment(ref _accessTokenGrants);
        var response = new JsonObject
        {
            ["access_token"] = _tokens.IssueAccessToken(),
            ["expires_in"] = (long)_tokens.Lifetime.TotalSeconds,
            ["scope"] = scope,
            ["token_type"] = "Bearer",
        };
        if (idTokenAudience is not null)
        {
            response["id_token"] = _tokens.IssueIdToken(idTokenAudience, "developer@example.com");
        }

        return (200, response.ToJsonString());
    }

    private static string? Claim(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static (int, string) Error(int status, string error, string description) =>
        (status, new JsonObject { ["error"] = error, ["error_description"] = description }.ToJsonString());
}
