using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FluxMirror.TestSupport.Aws;

/// <summary>What <see cref="SigV4Verifier"/> concluded about one request.</summary>
public sealed record SigV4Check(bool Valid, string? AccessKeyId, string? Region, string? Service, string? SignedHeaders, string Reason)
{
    public static SigV4Check Fail(string reason, string? accessKeyId = null) => new(false, accessKeyId, null, null, null, reason);
}

/// <summary>
/// Checks an AWS Signature Version 4 <c>Authorization</c> header the way AWS does, written from the published
/// specification independently of the production signer, so the two check each other. Session keys must also present
/// their <c>X-Amz-Security-Token</c>, signed.
/// </summary>
public static class SigV4Verifier
{
    public static SigV4Check Verify(
        string method,
        string path,
        string query,
        Func<string, string?> header,
        byte[] body,
        Func<string, AwsTestKey?> keys)
    {
        var authorization = header("authorization");
        const string Algorithm = "AWS4-HMAC-SHA256 ";
        if (authorization is null || !authorization.StartsWith(Algorithm, StringComparison.Ordinal))
        {
            return SigV4Check.Fail("missing AWS4-HMAC-SHA256 authorization");
        }

        var parts = authorization[Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders) || !parts.TryGetValue("Signature", out var signature))
        {
            return SigV4Check.Fail("malformed authorization");
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            return SigV4Check.Fail("malformed credential scope");
        }

        var (accessKeyId, date, region, service) = (scope[0], scope[1], scope[2], scope[3]);
        var key = keys(accessKeyId);
        if (key is null)
        {
            return SigV4Check.Fail("unknown access key", accessKeyId);
        }

        var amzDate = header("x-amz-date");
        if (amzDate is null || !amzDate.StartsWith(date, StringComparison.Ordinal))
        {
            return SigV4Check.Fail("x-amz-date missing or outside the credential scope", accessKeyId);
        }

        var names = signedHeaders.Split(';');
        if (!names.Contains("host") || !names.Contains("x-amz-date"))
        {
            return SigV4Check.Fail("host and x-amz-date must be signed", accessKeyId);
        }

        if (key.SessionToken is not null && (header("x-amz-security-token") != key.SessionToken || !names.Contains("x-amz-security-token")))
        {
            return SigV4Check.Fail("session key without its signed security token", accessKeyId);
        }

        var canonical = new StringBuilder()
            .Append(method).Append('\n')
            .Append(path.Length == 0 ? "/" : path).Append('\n')
            .Append(string.Join('&', query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal))).Append('\n');
        foreach (var name in names)
        {
            var value = header(name) ?? "";
            canonical.Append(name).Append(':').Append(string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(Hex(SHA256.HashData(body)));
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{date}/{region}/{service}/aws4_request\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var signingKey = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + key.SecretAccessKey), date), region), service), "aws4_request");
        var expected = Hex(Hmac(signingKey, stringToSign));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? new SigV4Check(true, accessKeyId, region, service, signedHeaders, "ok")
            : new SigV4Check(false, accessKeyId, region, service, signedHeaders, "signature does not match");
    }

    /// <summary>The request time a signature claims (<c>X-Amz-Date</c>).</summary>
    public static DateTimeOffset? SignedAt(string? amzDate) =>
        DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
