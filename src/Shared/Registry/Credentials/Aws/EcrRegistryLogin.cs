using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FluxMirror.Registry.Credentials.Cloud;

namespace FluxMirror.Registry.Credentials.Aws;

/// <summary>
/// <c>hosts[].provider: ecr</c>: calls <c>GetAuthorizationToken</c> on ECR (or ECR Public for <c>public.ecr.aws</c>)
/// with the SDK chain's credentials, SigV4-signed, and decodes <c>AWS:&lt;password&gt;</c> and its expiry. Messages
/// follow fluxcd/pkg: <c>invalid AWS registry: …</c>, <c>failed to get access token for artifact registry: …</c>,
/// <c>failed to create artifact registry credentials: …</c>; never a key, a signature or a token.
/// </summary>
public sealed class EcrRegistryLogin : ICloudRegistryLogin
{
    private static readonly byte[] EmptyJsonObject = "{}"u8.ToArray();
    private static readonly MediaTypeHeaderValue AmzJson = new("application/x-amz-json-1.1");

    private readonly AwsEnvironment _environment;
    private readonly ResolveAwsCredentials _credentials;
    private readonly HttpClient _http;
    private readonly TimeProvider _clock;

    public EcrRegistryLogin(AwsEnvironment? environment = null, ResolveAwsCredentials? credentials = null, HttpClient? http = null, TimeProvider? clock = null)
    {
        _environment = environment ?? AwsEnvironment.Process;
        _credentials = credentials ?? AwsCredentialChain.Process.ResolveAsync;
        _http = http ?? AwsHttp.Client;
        _clock = clock ?? TimeProvider.System;
    }

    public string Cloud => "aws";

    public async Task<CloudLogin> LoginAsync(string host, CancellationToken ct)
    {
        var registry = EcrRegistry.Parse(host);
        Amazon.Runtime.ImmutableCredentials credentials;
        try
        {
            credentials = await _credentials(ct).ConfigureAwait(false);
        }
        catch (CredentialException ex)
        {
            throw new CredentialException($"failed to get access token for artifact registry: {ex.Message}", ex);
        }

        try
        {
            return await GetAuthorizationTokenAsync(registry, credentials, ct).ConfigureAwait(false);
        }
        catch (CredentialException ex)
        {
            throw new CredentialException($"failed to create artifact registry credentials: {ex.Message}", ex);
        }
    }

    private async Task<CloudLogin> GetAuthorizationTokenAsync(EcrRegistry registry, Amazon.Runtime.ImmutableCredentials credentials, CancellationToken ct)
    {
        var (endpoint, service, target, serviceName) = registry.Public
            ? (AwsEndpoints.EcrPublic(_environment), "ecr-public", "SpencerFrontendService.GetAuthorizationToken", "ECR PUBLIC")
            : (AwsEndpoints.Ecr(_environment, registry.Region, registry.Fips), "ecr", "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken", "ECR");

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(EmptyJsonObject) };
        request.Content.Headers.ContentType = AmzJson;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        AwsSigV4.Sign(request, EmptyJsonObject, credentials, service, registry.Region, _clock.GetUtcNow());

        try
        {
            using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? ParseLogin(body, registry.Public)
                : throw new CredentialException(AwsApiError.Describe(
                    serviceName,
                    "GetAuthorizationToken",
                    response.StatusCode,
                    Header(response, "x-amzn-RequestId"),
                    Header(response, "x-amzn-ErrorType"),
                    body));
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            var reason = ex is TaskCanceledException ? $"no answer within {_http.Timeout.TotalSeconds:0}s" : AwsCredentialChain.OneLine(ex.Message);
            throw new CredentialException($"operation error {serviceName}: GetAuthorizationToken, {reason}", ex);
        }
    }

    /// <summary>Private ECR answers a list (<c>authorizationData[0]</c>), ECR Public a single object.</summary>
    internal static CloudLogin ParseLogin(string body, bool isPublic)
    {
        JsonElement data;
        using var doc = ParseJson(body);
        var root = doc.RootElement;
        if (isPublic)
        {
            if (!root.TryGetProperty("authorizationData", out data) || data.ValueKind != JsonValueKind.Object)
            {
                throw new CredentialException("no authorization data returned");
            }
        }
        else if (!root.TryGetProperty("authorizationData", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            throw new CredentialException("no authorization data returned");
        }
        else
        {
            data = list[0];
        }

        var token = data.TryGetProperty("authorizationToken", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()!
            : throw new CredentialException("authorization token is nil");
        var expiresAt = data.TryGetProperty("expiresAt", out var e) && e.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.UnixEpoch.AddSeconds(e.GetDouble())
            : throw new CredentialException("authorization token expiration is nil");

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException ex)
        {
            throw new CredentialException("failed to parse authorization token: illegal base64 data", ex);
        }

        var parts = decoded.Split(':');
        return parts.Length == 2
            ? new CloudLogin(parts[0], parts[1], expiresAt)
            : throw new CredentialException("invalid authorization token format");
    }

    private static JsonDocument ParseJson(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new CredentialException($"failed to decode GetAuthorizationToken response: {ex.Message.Split('.')[0]}", ex);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(',', values) : null;
}
