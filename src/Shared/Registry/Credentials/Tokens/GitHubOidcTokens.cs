using System.Text.Json;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Transport;

namespace FluxMirror.Registry.Credentials.Tokens;

/// <summary>
/// The <c>github</c> and <c>forgejo</c> token providers: an OIDC ID token from the CI job's Actions endpoint
/// (<c>GET $ACTIONS_ID_TOKEN_REQUEST_URL&amp;audience=…</c> with <c>Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN</c>,
/// answered with <c>{"value":"&lt;jwt&gt;"}</c>). Both variables are read at every mint, not once at startup, so a
/// credential built before the job exported them still works. Requests are bounded in time and in response size.
/// </summary>
public sealed class GitHubOidcTokens
{
    public const string RequestUrlVariable = "ACTIONS_ID_TOKEN_REQUEST_URL";
    public const string RequestTokenVariable = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";

    /// <summary>One OIDC request, connection included.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    // An ID token is a few KiB; an endpoint that sends more (or never stops) is refused, not read forever.
    private const int MaxResponseBytes = 256 * 1024;

    // The body of a failed request is quoted in the error, so long HTML pages are cut.
    private const int MaxQuotedBodyChars = 512;

    private static readonly Lazy<GitHubOidcTokens> Ambient = new(() => new GitHubOidcTokens(
        new HttpClient(new SocketsHttpHandler { ConnectTimeout = RequestTimeout }) { Timeout = Timeout.InfiniteTimeSpan },
        Environment.GetEnvironmentVariable));

    private readonly HttpMessageInvoker _http;
    private readonly Func<string, string?> _environment;
    private readonly TimeSpan _timeout;

    /// <param name="http">Sends the request (the ambient one honours <c>HTTPS_PROXY</c> like any CI tool).</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="timeout">Bounds one request; <see cref="RequestTimeout"/> when null.</param>
    public GitHubOidcTokens(HttpMessageInvoker http, Func<string, string?> environment, TimeSpan? timeout = null)
    {
        _http = http;
        _environment = environment;
        _timeout = timeout ?? RequestTimeout;
    }

    /// <summary>The cached host credential of a <c>github</c>/<c>forgejo</c> provider, minted from the process environment.</summary>
    public static MintedTokenSource Source(string host, string audience, TimeProvider? clock = null) =>
        Ambient.Value.SourceFor(host, audience, clock);

    public MintedTokenSource SourceFor(string host, string audience, TimeProvider? clock = null) =>
        new(host, ct => MintAsync(audience, ct), cache: true, clock);

    /// <summary>Requests one ID token for <paramref name="audience"/>; failures throw <see cref="CredentialException"/>.</summary>
    public async ValueTask<string> MintAsync(string audience, CancellationToken ct)
    {
        var url = _environment(RequestUrlVariable);
        var bearer = _environment(RequestTokenVariable);
        if (string.IsNullOrEmpty(url) || string.IsNullOrEmpty(bearer))
        {
            throw new CredentialException(
                $"{RequestUrlVariable} and {RequestTokenVariable} must be set in the environment; ensure the Actions job has the 'id-token: write' permission");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, RequestUri(url, audience));
        request.Headers.TryAddWithoutValidation("Authorization", "bearer " + bearer);
        request.Headers.Accept.ParseAdd("application/json");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new CredentialException(
                    $"OIDC token request failed with status {(int)response.StatusCode} {RegistryErrors.ReasonPhrase(response.StatusCode, response.ReasonPhrase)}: "
                    + QuotedBody(await RegistryErrors.ReadBodyAsync(response, deadline.Token).ConfigureAwait(false)));
            }

            await ResponseBuffer.LoadAsync(response, MaxResponseBytes, deadline.Token).ConfigureAwait(false);
            var body = response.Content.Headers.ContentLength > MaxResponseBytes
                ? null
                : await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            return body is null || body.Length > MaxResponseBytes
                ? throw new CredentialException($"decode OIDC token response: the response exceeds {MaxResponseBytes} bytes")
                : TokenFrom(body);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new CredentialException($"OIDC token request failed: no answer within {_timeout.TotalSeconds:0.###}s");
        }
        catch (HttpRequestException ex)
        {
            throw new CredentialException("OIDC token request failed: " + RegistryErrors.OneLine(ex.Message));
        }
    }

    private static Uri RequestUri(string url, string audience)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new CredentialException($"create OIDC token request: {RequestUrlVariable} is not an absolute http(s) URL");
        }

        var builder = new UriBuilder(uri);
        var existing = builder.Query.TrimStart('?');
        var audienceParameter = "audience=" + Uri.EscapeDataString(audience);
        builder.Query = existing.Length == 0 ? audienceParameter : existing + "&" + audienceParameter;
        return builder.Uri;
    }

    private static string QuotedBody(string body)
    {
        var line = RegistryErrors.OneLine(body);
        return line.Length > MaxQuotedBodyChars ? line[..MaxQuotedBodyChars] + "…" : line;
    }

    private static string TokenFrom(byte[] body)
    {
        string? token;
        try
        {
            using var document = JsonDocument.Parse(body);
            token = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("value", out var value)
                && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException ex)
        {
            throw new CredentialException("decode OIDC token response: " + RegistryErrors.OneLine(ex.Message));
        }

        return string.IsNullOrWhiteSpace(token) ? throw new CredentialException("the OIDC token response did not contain a token") : token;
    }
}
