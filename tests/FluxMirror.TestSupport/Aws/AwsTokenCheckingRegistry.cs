using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using FluxMirror.TestSupport.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace FluxMirror.TestSupport.Aws;

/// <summary>
/// A registry front (plain HTTP, over a real registry) that accepts <c>credential.provider: aws</c> tokens the way a
/// registry is expected to: checks the unsigned envelope (<c>typ</c>, claim order <c>aud, exp, sts</c>, audience,
/// expiry, an <c>sts</c> request aimed at the STS it trusts), then replays the signed GetCallerIdentity request to STS
/// and admits the caller only if STS answers 200. It never trusts the claims themselves.
/// </summary>
public sealed class AwsTokenCheckingRegistry : IAsyncDisposable
{
    public const string ExpectedHeader = "{\"alg\":\"none\",\"typ\":\"aws-sigv4-getcalleridentity\"}";

    private readonly LoopbackProxy _proxy;
    private readonly string _stsUrl;
    private readonly string _audience;
    private readonly HttpClient _replay = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ConcurrentQueue<string> _rejections = new();
    private readonly ConcurrentDictionary<string, byte> _tokens = new(StringComparer.Ordinal);
    private int _admitted;

    private AwsTokenCheckingRegistry(LoopbackProxy proxy, string stsUrl, string audience)
    {
        _proxy = proxy;
        _stsUrl = stsUrl;
        _audience = audience;
        proxy.Admit = AdmitAsync;
    }

    public string Host => _proxy.Host;

    public int Admitted => Volatile.Read(ref _admitted);

    public IReadOnlyList<string> Rejections => [.. _rejections];

    /// <summary>Distinct tokens presented so far.</summary>
    public IReadOnlyCollection<string> Tokens => [.. _tokens.Keys];

    public static async Task<AwsTokenCheckingRegistry> StartAsync(RegistryProcess registry, FakeSts sts, string audience, CancellationToken ct) =>
        new(await LoopbackProxy.StartAsync(new Uri($"http://{registry.Host}"), ct), sts.Url + "/", audience);

    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        _replay.Dispose();
    }

    private async Task<bool> AdmitAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Reject("no bearer token");
        }

        var token = header["Bearer ".Length..];
        _tokens.TryAdd(token, 0);
        var problem = EnvelopeProblem(token, out var sts);
        if (problem is not null)
        {
            return Reject(problem);
        }

        using var replay = new HttpRequestMessage(HttpMethod.Post, sts!.Url) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(sts.Body)) };
        foreach (var (name, values) in sts.Headers)
        {
            if (!replay.Headers.TryAddWithoutValidation(name, values))
            {
                replay.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        using var answer = await _replay.SendAsync(replay, context.RequestAborted);
        if (!answer.IsSuccessStatusCode)
        {
            return Reject($"STS answered {(int)answer.StatusCode}");
        }

        Interlocked.Increment(ref _admitted);
        return true;
    }

    private bool Reject(string reason)
    {
        _rejections.Enqueue(reason);
        return false;
    }

    private string? EnvelopeProblem(string token, out StsRequest? sts)
    {
        sts = null;
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[2].Length != 0)
        {
            return "not an unsigned JWT";
        }

        if (Base64UrlText(parts[0]) != ExpectedHeader)
        {
            return "unexpected header";
        }

        using var claims = JsonDocument.Parse(Base64UrlText(parts[1]));
        var root = claims.RootElement;
        if (!root.EnumerateObject().Select(p => p.Name).SequenceEqual(["aud", "exp", "sts"]))
        {
            return "claims not in aud, exp, sts order";
        }

        if (root.GetProperty("aud").GetString() != _audience)
        {
            return "wrong audience";
        }

        var exp = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("exp").GetInt64());
        var now = DateTimeOffset.UtcNow;
        if (exp <= now || exp > now + TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(5))
        {
            return "exp outside (now, now+2m]";
        }

        var request = root.GetProperty("sts");
        if (!request.EnumerateObject().Select(p => p.Name).SequenceEqual(["body", "headers", "method", "url"]))
        {
            return "sts keys not sorted";
        }

        var headers = request.GetProperty("headers").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray(), StringComparer.Ordinal);
        if (!headers.Keys.SequenceEqual(headers.Keys.Order(StringComparer.Ordinal)))
        {
            return "header names not sorted";
        }

        if (!headers.TryGetValue("X-Audience", out var audiences) || !audiences.SequenceEqual([_audience]))
        {
            return "X-Audience does not carry the audience";
        }

        sts = new StsRequest(request.GetProperty("url").GetString()!, request.GetProperty("method").GetString()!, request.GetProperty("body").GetString()!, headers);
        return sts.Url != _stsUrl ? "sts url is not the trusted STS"
            : sts.Method != "POST" ? "sts method is not POST"
            : sts.Body != "Action=GetCallerIdentity&Version=2011-06-15" ? "sts body is not GetCallerIdentity"
            : null;
    }

    private static string Base64UrlText(string segment)
    {
        var padded = segment.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
    }

    private sealed record StsRequest(string Url, string Method, string Body, Dictionary<string, string[]> Headers);
}
