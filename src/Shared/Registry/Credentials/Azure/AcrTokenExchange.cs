using System.Net;
using System.Text.Json;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Transport;

namespace FluxMirror.Registry.Credentials.Azure;

/// <summary>
/// Trades an Entra access token for an ACR refresh token: <c>POST https://&lt;registry&gt;/oauth2/exchange</c>, the
/// form azcontainerregistry's <c>ExchangeAADAccessTokenForACRRefreshToken</c> sends (Go's sorted url.Values:
/// <c>access_token</c>, <c>grant_type=access_token</c>, <c>service</c>; no tenant). The HTTP client honours
/// HTTPS_PROXY/NO_PROXY and the system trust store; each exchange is bounded in time and response size.
/// </summary>
public sealed class AcrTokenExchange(HttpMessageInvoker http, TimeSpan? timeout = null)
{
    public const string ApiVersion = "2021-07-01";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    // A refresh token is a few KiB; anything far bigger is not an ACR answer.
    private const int MaxResponseBytes = 256 * 1024;

    private static readonly Lazy<HttpClient> SharedClient = new(CreateClient);

    public AcrTokenExchange()
        : this(SharedClient.Value)
    {
    }

    public TimeSpan Timeout { get; } = timeout ?? DefaultTimeout;

    public static Uri EndpointFor(string registry) => new($"https://{registry}/oauth2/exchange?api-version={ApiVersion}");

    public static HttpRequestMessage CreateRequest(string registry, string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, EndpointFor(registry))
        {
            Content = new FormUrlEncodedContent(
            [
                new("access_token", accessToken),
                new("grant_type", "access_token"),
                new("service", registry),
            ]),
        };
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    /// <summary>The ACR refresh token; failures are <see cref="CredentialException"/>s naming the endpoint, never a token.</summary>
    public async Task<string> ExchangeAsync(string registry, string accessToken, CancellationToken ct)
    {
        var where = $"POST https://{registry}/oauth2/exchange";
        using var request = CreateRequest(registry, accessToken);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(Timeout);
        try
        {
            using var response = await http.SendAsync(request, bounded.Token).ConfigureAwait(false);
            await ResponseBuffer.LoadAsync(response, MaxResponseBytes, bounded.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(bounded.Token).ConfigureAwait(false);
            if (body.Length > MaxResponseBytes)
            {
                throw new CredentialException($"{where}: response exceeds {MaxResponseBytes} bytes");
            }

            return response.StatusCode == HttpStatusCode.OK
                ? RefreshTokenIn(body) ?? throw new CredentialException($"{where}: the response carried no refresh_token")
                : throw new CredentialException($"{where}: {StatusText(response, body)}");
        }
        catch (OperationCanceledException ex) when (bounded.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new CredentialException($"{where}: timed out after {Timeout.TotalSeconds:0.###}s", ex);
        }
        catch (HttpRequestException ex)
        {
            var reason = ex.InnerException is { } inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal)
                ? $"{ex.Message} ({inner.Message})"
                : ex.Message;
            throw new CredentialException($"{where}: {AzureErrorText.OneLine(reason)}", ex);
        }
    }

    /// <summary>azcore's ResponseError on one line: <c>RESPONSE 401: 401 Unauthorized: ERROR CODE: UNAUTHORIZED: …</c>.</summary>
    internal static string StatusText(HttpResponseMessage response, byte[] body)
    {
        var status = $"RESPONSE {(int)response.StatusCode}: {(int)response.StatusCode} {RegistryErrors.ReasonPhrase(response.StatusCode, response.ReasonPhrase)}".TrimEnd();
        var (code, message) = AcrError(body);
        var detail = code is null ? "ERROR CODE UNAVAILABLE" : $"ERROR CODE: {code}";
        if (!string.IsNullOrWhiteSpace(message))
        {
            detail += ": " + message;
        }

        return AzureErrorText.OneLine($"{status}: {detail}");
    }

    private static string? RefreshTokenIn(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("refresh_token", out var token)
                && token.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(token.GetString())
                ? token.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // ACR answers {"errors":[{"code":"UNAUTHORIZED","message":"…"}]}; azcore also reads {"error":{"code":…}}.
    private static (string? Code, string? Message) AcrError(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var error = root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0
                ? errors[0]
                : root.TryGetProperty("error", out var single) ? single : default;
            return error.ValueKind == JsonValueKind.Object
                ? (StringMember(error, "code"), StringMember(error, "message"))
                : (null, null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? StringMember(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        // UseProxy stays on: HTTPS_PROXY/NO_PROXY apply as for every other HTTP client of the process.
        ConnectTimeout = TimeSpan.FromSeconds(30),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };
}
