using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// Fetches access tokens from a Bearer challenge's realm (Docker token auth spec): GET with basic credentials (or
/// anonymously), or the OAuth2 refresh-token POST when the credential is an identity token.
/// </summary>
internal sealed class TokenClient(HttpMessageInvoker http, TimeProvider time)
{
    private const string ClientId = "flux-mirror";
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MaxRefreshMargin = TimeSpan.FromSeconds(30);

    // Token responses are a few KiB; a realm that sends more (or never stops) is refused, not read forever.
    private const int MaxResponseBytes = 1024 * 1024;

    public async Task<BearerToken> FetchAsync(AuthChallenge challenge, ScopeSet scopes, RegistryCredential credential, CancellationToken ct)
    {
        using var request = credential.IdentityToken is { } identityToken
            ? RefreshTokenRequest(challenge, scopes, identityToken)
            : BasicTokenRequest(challenge, scopes, credential);
        request.Options.Set(RegistryRequestOptions.ReadWhole, MaxResponseBytes);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw RegistryErrors.FromTransportFailure(request.Method, request.RequestUri!, ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await RegistryErrors.FromResponseAsync(response, ct).ConfigureAwait(false);
            }

            var issued = time.GetUtcNow();
            if (response.Content.Headers.ContentLength > MaxResponseBytes)
            {
                throw TooLarge(request);
            }

            // Already in memory: the retry handler read it whole (at most one byte past the limit).
            var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            return body.Length > MaxResponseBytes ? throw TooLarge(request) : Parse(body, issued, request);
        }
    }

    private static HttpRequestMessage BasicTokenRequest(AuthChallenge challenge, ScopeSet scopes, RegistryCredential credential)
    {
        var query = new StringBuilder();
        if (challenge.Service is { } service)
        {
            query.Append("service=").Append(Uri.EscapeDataString(service));
        }

        foreach (var scope in scopes.Scopes)
        {
            query.Append(query.Length == 0 ? string.Empty : "&").Append("scope=").Append(Uri.EscapeDataString(scope));
        }

        var builder = new UriBuilder(challenge.Realm!);
        var existing = builder.Query.TrimStart('?');
        builder.Query = existing.Length == 0 ? query.ToString() : query.Length == 0 ? existing : existing + "&" + query;
        var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
        if (credential.HasBasic)
        {
            request.Headers.Authorization = BasicHeader(credential.Username!, credential.Password!);
        }

        return request;
    }

    private static HttpRequestMessage RefreshTokenRequest(AuthChallenge challenge, ScopeSet scopes, string identityToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("refresh_token", identityToken),
            new("client_id", ClientId),
        };
        if (challenge.Service is { } service)
        {
            form.Add(new("service", service));
        }

        if (!scopes.IsEmpty)
        {
            form.Add(new("scope", string.Join(' ', scopes.Scopes)));
        }

        return new HttpRequestMessage(HttpMethod.Post, challenge.Realm) { Content = new FormUrlEncodedContent(form) };
    }

    private static RegistryException TooLarge(HttpRequestMessage request) =>
        new(RegistryErrors.Prefix(request.Method, request.RequestUri!) + $"token response exceeds {MaxResponseBytes} bytes");

    public static AuthenticationHeaderValue BasicHeader(string username, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));

    private static BearerToken Parse(byte[] body, DateTimeOffset issued, HttpRequestMessage request)
    {
        string? token = null;
        var lifetime = DefaultLifetime;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            token = Read(root, "token") ?? Read(root, "access_token");
            if (root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var seconds) && seconds > 0)
            {
                lifetime = TimeSpan.FromSeconds(seconds);
            }
        }
        catch (JsonException)
        {
            // Reported below without echoing the body, which may contain a token.
        }

        if (string.IsNullOrEmpty(token))
        {
            throw new RegistryException(RegistryErrors.Prefix(request.Method, request.RequestUri!) + "token response carried no token");
        }

        var margin = lifetime / 4 < MaxRefreshMargin ? lifetime / 4 : MaxRefreshMargin;
        return new BearerToken(token, issued + lifetime - margin);
    }

    private static string? Read(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
