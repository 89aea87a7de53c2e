using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FluxMirror.TestSupport.Azure;

/// <summary>
/// The authentication front of an Azure Container Registry: <c>POST /oauth2/exchange</c> trades an Entra access token
/// (one <see cref="FakeEntra"/> issued for the Resource Manager audience) for an ACR refresh token (a JWT with
/// <c>exp</c>); <c>/oauth2/token</c> (GET with Basic null-GUID:refresh token, or POST grant_type=refresh_token) trades
/// that for a registry access token, which <see cref="Authorize"/> accepts on <c>/v2/</c>. <see cref="RevokeAll"/>
/// invalidates every token issued so far, like a rotated registry key.
/// </summary>
public sealed class FakeAcr(string registry, FakeEntra entra, string resourceManagerAudience = "https://management.azure.com")
{
    public const string NullUser = "00000000-0000-0000-0000-000000000000";

    private readonly FakeJwt _jwt = new();
    private readonly ConcurrentQueue<string> _refreshTokens = new();
    private readonly ConcurrentQueue<string> _accessTokens = new();
    private readonly ConcurrentDictionary<string, bool> _revoked = new();
    private int _exchanges;
    private int _authorized;

    public string Registry => registry;

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(3);

    /// <summary>When set, <c>/oauth2/exchange</c> answers with this status and an ACR error document.</summary>
    public int? FailExchangeWithStatus { get; set; }

    /// <summary>After this many authorized <c>/v2/</c> requests, every token issued so far is revoked (once).</summary>
    public int? RevokeAfterAuthorizedRequests { get; set; }

    public int Exchanges => Volatile.Read(ref _exchanges);

    public IReadOnlyList<string> IssuedTokens => [.. _refreshTokens, .. _accessTokens];

    public string Challenge => $"Bearer realm=\"https://{registry}/oauth2/token\",service=\"{registry}\"";

    public void RevokeAll()
    {
        foreach (var token in IssuedTokens)
        {
            _revoked[token] = true;
        }
    }

    public void Map(WebApplication app)
    {
        app.MapPost("/oauth2/exchange", ExchangeAsync);
        app.MapGet("/oauth2/token", (HttpRequest request) => AccessToken(BasicRefreshToken(request), request.Query["service"], request.Query["scope"]));
        app.MapPost("/oauth2/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return form["grant_type"] == "refresh_token"
                ? AccessToken(form["refresh_token"], form["service"], form["scope"])
                : AcrError(400, "UNSUPPORTED", "unsupported grant_type");
        });
    }

    /// <summary>For <c>CloudRegistryBackend.Authorize</c>: a Bearer access token this fake issued and did not revoke.</summary>
    public bool Authorize(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
        if (!Valid(token, "access"))
        {
            return false;
        }

        if (Interlocked.Increment(ref _authorized) == RevokeAfterAuthorizedRequests)
        {
            RevokeAll();
            return false;
        }

        return true;
    }

    private async Task<IResult> ExchangeAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        if (FailExchangeWithStatus is { } status)
        {
            return AcrError(status, "UNAUTHORIZED", "authentication required, visit https://aka.ms/acr/authorization for more information.");
        }

        if (form["grant_type"] != "access_token" || form["service"] != registry || request.Query["api-version"] != "2021-07-01")
        {
            return AcrError(400, "BAD_REQUEST", "malformed exchange request");
        }

        if (!entra.Verify(form["access_token"], resourceManagerAudience))
        {
            return AcrError(401, "UNAUTHORIZED", "the access token is not valid for this registry");
        }

        Interlocked.Increment(ref _exchanges);
        var token = Issue("refresh", RefreshTokenLifetime);
        _refreshTokens.Enqueue(token);
        return Results.Json(new Dictionary<string, string> { ["refresh_token"] = token });
    }

    private IResult AccessToken(string? refreshToken, string? service, string? scope)
    {
        if (service != registry || !Valid(refreshToken, "refresh"))
        {
            return AcrError(401, "UNAUTHORIZED", "authentication required");
        }

        var token = Issue("access", TimeSpan.FromMinutes(75), scope);
        _accessTokens.Enqueue(token);
        return Results.Json(new Dictionary<string, string> { ["access_token"] = token });
    }

    private static string? BasicRefreshToken(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) || header.Scheme != "Basic" || header.Parameter is null)
        {
            return null;
        }

        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter)).Split(':', 2);
        return pair is [NullUser, var password] ? password : null;
    }

    private bool Valid(string? token, string kind) =>
        token is not null && !_revoked.ContainsKey(token)
        && _jwt.Verify(token, DateTimeOffset.UtcNow) is { } claims
        && claims.GetProperty("grant_type").GetString() == kind;

    private string Issue(string kind, TimeSpan lifetime, string? scope = null)
    {
        var now = DateTimeOffset.UtcNow;
        return _jwt.Issue(new Dictionary<string, object?>
        {
            ["jti"] = Guid.NewGuid().ToString(),
            ["sub"] = "fake-principal",
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["iss"] = "Azure Container Registry",
            ["aud"] = registry,
            ["grant_type"] = kind,
            ["access"] = scope,
        });
    }

    private static IResult AcrError(int status, string code, string message) =>
        Results.Json(new { errors = new[] { new { code, message } } }, statusCode: status);
}
