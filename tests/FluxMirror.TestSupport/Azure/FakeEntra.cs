using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FluxMirror.TestSupport.Azure;

/// <summary>
/// A Microsoft Entra ID token endpoint as MSAL (inside Azure.Identity) talks to it through <c>AZURE_AUTHORITY_HOST</c>:
/// <c>POST /{tenant}/oauth2/v2.0/token</c> for the client-credentials grant with a client secret
/// (EnvironmentCredential) or a client assertion (WorkloadIdentityCredential's federated token), plus the instance
/// discovery and OpenID metadata MSAL asks for about an authority it does not know. Issued access tokens are HS256
/// JWTs whose <c>aud</c> is the requested scope without <c>/.default</c>; <see cref="Verify"/> accepts exactly those.
/// </summary>
public sealed class FakeEntra
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static readonly int[] ErrorCodes = [7000215];

    private readonly FakeJwt _jwt = new();
    private readonly ConcurrentQueue<string> _issued = new();
    private readonly ConcurrentQueue<string> _scopes = new();

    public FakeEntra(string tenantId, string clientId, string? clientSecret = null, string? federatedToken = null)
    {
        TenantId = tenantId;
        ClientId = clientId;
        ClientSecret = clientSecret;
        FederatedToken = federatedToken;
    }

    public string TenantId { get; }

    public string ClientId { get; }

    public string? ClientSecret { get; }

    public string? FederatedToken { get; }

    /// <summary>Lifetime of issued access tokens.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>When set, every token request gets this status with an AADSTS error document.</summary>
    public int? FailWithStatus { get; set; }

    public IReadOnlyList<string> IssuedTokens => [.. _issued];

    /// <summary>The <c>scope</c> of every successful token request.</summary>
    public IReadOnlyList<string> GrantedScopes => [.. _scopes];

    /// <summary>True for an unexpired token this fake issued for <paramref name="audience"/>.</summary>
    public bool Verify(string? token, string audience) =>
        _jwt.Verify(token, DateTimeOffset.UtcNow) is { } claims && claims.GetProperty("aud").GetString() == audience;

    public void Map(WebApplication app)
    {
        app.MapPost("/{tenant}/oauth2/v2.0/token", TokenAsync);
        // MSAL asks login.microsoftonline.com about an authority host it does not know; the answer names that host.
        app.MapGet("/common/discovery/instance", (HttpRequest request) =>
        {
            var authority = Uri.TryCreate(request.Query["authorization_endpoint"], UriKind.Absolute, out var endpoint) ? endpoint.Host : request.Host.Host;
            return Results.Json(new Dictionary<string, object>
            {
                ["tenant_discovery_endpoint"] = $"https://{authority}/{TenantId}/v2.0/.well-known/openid-configuration",
                ["api-version"] = "1.1",
                ["metadata"] = new[]
                {
                    new Dictionary<string, object> { ["preferred_network"] = authority, ["preferred_cache"] = authority, ["aliases"] = new[] { authority } },
                },
            });
        });
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant, HttpRequest request) => Results.Json(new Dictionary<string, object>
        {
            ["token_endpoint"] = $"https://{request.Host.Host}/{tenant}/oauth2/v2.0/token",
            ["authorization_endpoint"] = $"https://{request.Host.Host}/{tenant}/oauth2/v2.0/authorize",
            ["issuer"] = $"https://{request.Host.Host}/{tenant}/v2.0",
        }));
    }

    private async Task<IResult> TokenAsync(string tenant, HttpRequest request)
    {
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        if (FailWithStatus is { } status)
        {
            return Error(status, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.");
        }

        if (tenant != TenantId)
        {
            return Error(400, "invalid_request", $"AADSTS90002: Tenant '{tenant}' not found.");
        }

        if (form["grant_type"] != "client_credentials" || form["client_id"] != ClientId)
        {
            return Error(400, "unauthorized_client", "AADSTS700016: Application not found in the directory.");
        }

        var bySecret = ClientSecret is not null && form["client_secret"] == ClientSecret;
        var byAssertion = FederatedToken is not null && form["client_assertion_type"] == AssertionType && form["client_assertion"] == FederatedToken;
        if (!bySecret && !byAssertion)
        {
            return Error(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
        }

        var scope = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(s => s.EndsWith("/.default", StringComparison.Ordinal));
        if (scope is null)
        {
            return Error(400, "invalid_scope", "AADSTS1002012: The provided value for scope is not valid.");
        }

        var now = DateTimeOffset.UtcNow;
        var token = _jwt.Issue(new Dictionary<string, object?>
        {
            ["aud"] = scope[..^"/.default".Length],
            ["iss"] = $"https://{request.Host.Host}/{TenantId}/v2.0",
            ["tid"] = TenantId,
            ["azp"] = ClientId,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + TokenLifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        });
        _issued.Enqueue(token);
        _scopes.Enqueue(scope);
        return Results.Json(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["ext_expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["access_token"] = token,
        });
    }

    private static IResult Error(int status, string error, string description) => Results.Json(
        new Dictionary<string, object>
        {
            ["error"] = error,
            ["error_description"] = $"{description}\r\nTrace ID: 00000000-0000-0000-0000-000000000001\r\nCorrelation ID: 00000000-0000-0000-0000-000000000002\r\nTimestamp: 2026-01-01 00:00:00Z",
            ["error_codes"] = ErrorCodes,
            ["trace_id"] = "00000000-0000-0000-0000-000000000001",
            ["correlation_id"] = "00000000-0000-0000-0000-000000000002",
        },
        (JsonSerializerOptions?)null,
        statusCode: status);
}
