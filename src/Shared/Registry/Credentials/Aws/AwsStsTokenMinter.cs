using System.Net.Http.Headers;
using System.Text;
using FluxMirror.Registry.Credentials.Tokens;

namespace FluxMirror.Registry.Credentials.Aws;

/// <summary>
/// <c>credential.provider: aws</c>: a SigV4-signed STS <c>GetCallerIdentity</c> request, unsent, wrapped as an
/// unsigned JWT (<c>typ: aws-sigv4-getcalleridentity</c>) a registry replays to STS to learn the caller's identity.
/// Claims, in the reference's order: <c>aud</c>, <c>exp</c> (now + 2 min), <c>sts</c> (body, headers, method, url).
/// Errors: <c>load AWS config: …</c>, <c>retrieve AWS credentials: …</c>, <c>sign GetCallerIdentity request: …</c>.
/// </summary>
public sealed class AwsStsTokenMinter
{
    public const string Body = "Action=GetCallerIdentity&Version=2011-06-15";
    public const string TokenType = "aws-sigv4-getcalleridentity";
    public const string DefaultRegion = "us-east-1";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private static readonly byte[] BodyBytes = Encoding.UTF8.GetBytes(Body);
    private static readonly MediaTypeHeaderValue FormContent = new("application/x-www-form-urlencoded");

    private readonly string _audience;
    private readonly AwsEnvironment _environment;
    private readonly ResolveAwsCredentials _credentials;
    private readonly TimeProvider _clock;

    public AwsStsTokenMinter(string audience, AwsEnvironment? environment = null, ResolveAwsCredentials? credentials = null, TimeProvider? clock = null)
    {
        _audience = audience;
        _environment = environment ?? AwsEnvironment.Process;
        _credentials = credentials ?? AwsCredentialChain.Process.ResolveAsync;
        _clock = clock ?? TimeProvider.System;
    }

    public MintToken Mint => MintAsync;

    public async ValueTask<string> MintAsync(CancellationToken ct)
    {
        string region;
        Uri endpoint;
        try
        {
            region = _environment.ResolveRegion() ?? DefaultRegion;
            endpoint = AwsEndpoints.Sts(_environment, region);
        }
        catch (CredentialException ex)
        {
            throw new CredentialException($"load AWS config: {ex.Message}", ex);
        }

        Amazon.Runtime.ImmutableCredentials credentials;
        try
        {
            credentials = await _credentials(ct).ConfigureAwait(false);
        }
        catch (CredentialException ex)
        {
            throw new CredentialException($"retrieve AWS credentials: {ex.Message}", ex);
        }

        var now = _clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(BodyBytes) };
        request.Content.Headers.ContentType = FormContent;
        request.Headers.TryAddWithoutValidation("X-Audience", _audience);
        try
        {
            AwsSigV4.Sign(request, BodyBytes, credentials, "sts", region, now);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new CredentialException($"sign GetCallerIdentity request: {ex.Message}", ex);
        }

        return Envelope(request, endpoint, now);
    }

    private string Envelope(HttpRequestMessage request, Uri endpoint, DateTimeOffset now)
    {
        var sts = new StringBuilder("{\"body\":").AppendString(Body).Append(",\"headers\":{");
        var first = true;
        foreach (var (name, values) in GoHeaders(request))
        {
            sts.Append(first ? string.Empty : ",").AppendString(name).Append(":[");
            sts.AppendJoin(',', values.Select(v => new StringBuilder().AppendString(v).ToString())).Append(']');
            first = false;
        }

        sts.Append("},\"method\":").AppendString(request.Method.Method).Append(",\"url\":").AppendString(endpoint.AbsoluteUri).Append('}');
        var claims = new StringBuilder("{\"aud\":").AppendString(_audience)
            .Append(",\"exp\":").Append((now + Lifetime).ToUnixTimeSeconds())
            .Append(",\"sts\":").Append(sts).Append('}');
        const string header = "{\"alg\":\"none\",\"typ\":\"" + TokenType + "\"}";
        return $"{Base64Url(header)}.{Base64Url(claims.ToString())}.";
    }

    /// <summary>The request's headers as Go's <c>http.Header</c> holds them: canonical names, sorted by their bytes.</summary>
    private static SortedDictionary<string, string[]> GoHeaders(HttpRequestMessage request)
    {
        var headers = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Headers.Concat(request.Content!.Headers))
        {
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                headers[CanonicalName(name)] = [.. values];
            }
        }

        return headers;
    }

    // Go's textproto.CanonicalMIMEHeaderKey: first letter and each letter after '-' upper case, the rest lower case.
    private static string CanonicalName(string name)
    {
        var chars = name.ToLowerInvariant().ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 0 || chars[i - 1] == '-')
            {
                chars[i] = char.ToUpperInvariant(chars[i]);
            }
        }

        return new string(chars);
    }

    private static string Base64Url(string text) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
}
