using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace FluxMirror.Registry.Credentials.Aws;

/// <summary>
/// Signs an <see cref="HttpRequestMessage"/> with AWS Signature Version 4, header style, the way Go's
/// <c>v4.Signer.SignHTTP</c> does: adds <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> (session credentials) and
/// <c>Authorization</c>, and signs <c>host</c> plus every header already on the request. The SDK's public signer
/// surface takes a canonical request, so this class builds that and lets <see cref="AWS4Signer"/> derive the key and
/// compute the signature.
/// </summary>
public static class AwsSigV4
{
    public const string DateHeader = "X-Amz-Date";
    public const string SecurityTokenHeader = "X-Amz-Security-Token";

    // Headers a proxy or the HTTP stack may change in flight; the Go signer leaves them out too.
    private static readonly HashSet<string> Unsigned = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "user-agent", "content-length", "expect", "transfer-encoding", "x-amzn-trace-id",
    };

    public static void Sign(HttpRequestMessage request, byte[] body, ImmutableCredentials credentials, string service, string region, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        var uri = request.RequestUri ?? throw new ArgumentException("the request has no URI", nameof(request));
        var signedAt = now.UtcDateTime;
        request.Headers.Remove(DateHeader);
        request.Headers.TryAddWithoutValidation(DateHeader, signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        request.Headers.Remove(SecurityTokenHeader);
        if (!string.IsNullOrEmpty(credentials.Token))
        {
            request.Headers.TryAddWithoutValidation(SecurityTokenHeader, credentials.Token);
        }

        var headers = CanonicalHeaders(request, uri);
        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(string.IsNullOrEmpty(uri.AbsolutePath) ? "/" : uri.AbsolutePath).Append('\n')
            .Append(CanonicalQuery(uri)).Append('\n')
            .AppendJoin(string.Empty, headers.Select(h => $"{h.Key}:{h.Value}\n")).Append('\n')
            .Append(signedHeaders).Append('\n')
            .Append(Convert.ToHexStringLower(SHA256.HashData(body)))
            .ToString();

        var result = AWS4Signer.ComputeSignature(credentials, region, signedAt, service, signedHeaders, canonicalRequest);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }

    /// <summary>Lower-cased names in ordinal order, each with its values trimmed, inner runs of spaces collapsed, joined by commas.</summary>
    private static SortedDictionary<string, string> CanonicalHeaders(HttpRequestMessage request, Uri uri)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = request.Headers.Host ?? (uri.IsDefaultPort ? uri.Host : uri.Authority),
        };
        var all = request.Content is null ? request.Headers : request.Headers.Concat(request.Content.Headers);
        foreach (var (name, values) in all)
        {
            var key = name.ToLowerInvariant();
            if (key != "host" && !Unsigned.Contains(key))
            {
                headers[key] = string.Join(',', values.Select(Collapse));
            }
        }

        return headers;
    }

    private static string Collapse(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    // The APIs signed here take no query; a query is kept as sent, its pairs in ordinal order.
    private static string CanonicalQuery(Uri uri) =>
        string.Join('&', uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
}
