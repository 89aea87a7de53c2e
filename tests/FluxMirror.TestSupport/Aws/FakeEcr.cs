using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace FluxMirror.TestSupport.Aws;

/// <summary>One GetAuthorizationToken call as the fake ECR saw it.</summary>
public sealed record EcrCall(string Target, SigV4Check Signature, string? SessionToken, string? IssuedPassword);

/// <summary>
/// The ECR (and ECR Public) JSON API's <c>GetAuthorizationToken</c>: checks <c>X-Amz-Target</c>, the content type and
/// the SigV4 signature against <see cref="AwsTestKeys"/>, then issues a fresh password per call (<c>AWS:&lt;password&gt;</c>,
/// base64) expiring after <see cref="TokenLifetime"/>. Can be told to answer with an AWS JSON error, and to revoke a
/// password so a registry in front of it refuses it (<see cref="Accepts"/>).
/// </summary>
public sealed class FakeEcr : IAsyncDisposable
{
    public const string PrivateTarget = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken";
    public const string PublicTarget = "SpencerFrontendService.GetAuthorizationToken";

    private readonly AwsTestKeys _keys;
    private readonly ConcurrentQueue<EcrCall> _calls = new();
    private readonly ConcurrentDictionary<string, bool> _valid = new(StringComparer.Ordinal);
    private AwsFakeHost _host = null!;
    private volatile Failure? _failure;
    private int _firstRevoked;
    private int _refusedRevoked;

    private FakeEcr(AwsTestKeys keys) => _keys = keys;

    public string Url => _host.Url;

    /// <summary>How long an issued password lives (ECR's is 12 h).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    public IReadOnlyList<EcrCall> Calls => [.. _calls];

    public IReadOnlyList<string> IssuedPasswords => [.. _calls.Select(c => c.IssuedPassword).OfType<string>()];

    public static async Task<FakeEcr> StartAsync(AwsTestKeys keys, CancellationToken ct = default)
    {
        var fake = new FakeEcr(keys);
        fake._host = await AwsFakeHost.StartAsync(fake.HandleAsync, ct);
        return fake;
    }

    /// <summary>Answers every following call with this AWS error.</summary>
    public void FailWith(string code, string message, int status = 400) => _failure = new Failure(status, code, message);

    /// <summary>Makes <see cref="Accepts"/> refuse a password from now on, as after a rotated key.</summary>
    public void Revoke(string password) => _valid[password] = false;

    /// <summary>The first password presented to <see cref="Accepts"/> is revoked right then (that request gets a 401).</summary>
    public bool RevokeFirstPasswordOnUse { get; set; }

    /// <summary>Passwords a registry refused because they were revoked.</summary>
    public int RefusedRevoked => Volatile.Read(ref _refusedRevoked);

    /// <summary>Whether a registry fronted by this ECR accepts the request's <c>Authorization: Basic AWS:&lt;password&gt;</c>.</summary>
    public bool Accepts(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim())).Split(':', 2);
            if (pair.Length != 2 || pair[0] != "AWS" || !_valid.TryGetValue(pair[1], out var valid))
            {
                return false;
            }

            if (valid && RevokeFirstPasswordOnUse && Interlocked.Exchange(ref _firstRevoked, 1) == 0)
            {
                Revoke(pair[1]);
                valid = false;
            }

            if (!valid)
            {
                Interlocked.Increment(ref _refusedRevoked);
            }

            return valid;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await AwsFakeHost.ReadBodyAsync(request);
        var target = request.Headers["X-Amz-Target"].ToString();
        var signature = AwsFakeHost.Verify(request, body, _keys);
        var isPublic = target == PublicTarget;
        string? password = null;
        try
        {
            if (request.Method != "POST" || request.Path != "/" || (target != PrivateTarget && !isPublic))
            {
                await ErrorAsync(context, 400, "UnknownOperationException", "unknown operation");
                return;
            }

            if (request.ContentType != "application/x-amz-json-1.1" || Encoding.UTF8.GetString(body) != "{}")
            {
                await ErrorAsync(context, 400, "SerializationException", "expected an empty JSON object");
                return;
            }

            if (!signature.Valid || signature.Service != (isPublic ? "ecr-public" : "ecr"))
            {
                await ErrorAsync(context, 403, "InvalidSignatureException", $"The request signature we calculated does not match ({signature.Reason}).");
                return;
            }

            if (_failure is { } failure)
            {
                await ErrorAsync(context, failure.Status, failure.Code, failure.Message);
                return;
            }

            password = $"ecr-password-{Guid.NewGuid():N}";
            _valid[password] = true;
            var expiresAt = (DateTimeOffset.UtcNow + TokenLifetime).ToUnixTimeMilliseconds() / 1000.0;
            var data = new Dictionary<string, object>
            {
                ["authorizationToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"AWS:{password}")),
                ["expiresAt"] = expiresAt,
            };
            if (!isPublic)
            {
                data["proxyEndpoint"] = "https://123456789012.dkr.ecr.us-east-1.amazonaws.com";
            }

            context.Response.ContentType = "application/x-amz-json-1.1";
            await context.Response.WriteAsync(
                JsonSerializer.Serialize(new Dictionary<string, object> { ["authorizationData"] = isPublic ? data : new[] { data } }),
                context.RequestAborted);
        }
        finally
        {
            _calls.Enqueue(new EcrCall(target, signature, request.Headers["X-Amz-Security-Token"].FirstOrDefault(), password));
        }
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = "fake-" + Guid.NewGuid().ToString("N")[..8];
        context.Response.Headers["x-amzn-ErrorType"] = code + ":http://internal.amazon.com/coral/com.amazonaws.containerregistry/";
        return context.Response.WriteAsync(
            JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = code, ["message"] = message }),
            context.RequestAborted);
    }

    private sealed record Failure(int Status, string Code, string Message);
}
