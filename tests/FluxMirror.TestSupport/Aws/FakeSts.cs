using System.Collections.Concurrent;
using System.Security;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace FluxMirror.TestSupport.Aws;

/// <summary>One STS call as the fake saw it.</summary>
public sealed record StsCall(string Action, SigV4Check? Signature, string? Audience, bool Succeeded);

/// <summary>
/// AWS STS's query API for the two actions this project meets: <c>GetCallerIdentity</c> (SigV4-verified against
/// <see cref="AwsTestKeys"/>, answering the caller's ARN — what a registry replaying an <c>aws</c> token relies on) and
/// <c>AssumeRoleWithWebIdentity</c> (unsigned; checks the role and the web identity token, then issues a session key
/// it adds to the shared keys). Errors are STS's XML error documents.
/// </summary>
public sealed class FakeSts : IAsyncDisposable
{
    public const string AccountId = "123456789012";

    private readonly AwsTestKeys _keys;
    private readonly ConcurrentQueue<StsCall> _calls = new();
    private readonly ConcurrentQueue<AwsTestKey> _sessions = new();
    private AwsFakeHost _host = null!;

    private FakeSts(AwsTestKeys keys) => _keys = keys;

    public string Url => _host.Url;

    /// <summary>The role and web identity token AssumeRoleWithWebIdentity accepts.</summary>
    public string RoleArn { get; set; } = $"arn:aws:iam::{AccountId}:role/flux-mirror";

    public string WebIdentityToken { get; set; } = "web-identity-token-" + Guid.NewGuid().ToString("N");

    /// <summary>How long issued sessions last.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(1);

    public IReadOnlyList<StsCall> Calls => [.. _calls];

    /// <summary>Session keys issued so far.</summary>
    public IReadOnlyList<AwsTestKey> Sessions => [.. _sessions];

    public static async Task<FakeSts> StartAsync(AwsTestKeys keys, CancellationToken ct = default)
    {
        var fake = new FakeSts(keys);
        fake._host = await AwsFakeHost.StartAsync(fake.HandleAsync, ct);
        return fake;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await AwsFakeHost.ReadBodyAsync(request);
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        var action = form.TryGetValue("Action", out var a) ? a.ToString() : "";
        if (request.Method != "POST" || !form.TryGetValue("Version", out var version) || version != "2011-06-15")
        {
            _calls.Enqueue(new StsCall(action, null, null, false));
            await ErrorAsync(context, 400, "InvalidAction", "Could not find operation " + action);
            return;
        }

        switch (action)
        {
            case "GetCallerIdentity":
                await CallerIdentityAsync(context, body);
                break;
            case "AssumeRoleWithWebIdentity":
                await AssumeRoleAsync(context, form);
                break;
            default:
                _calls.Enqueue(new StsCall(action, null, null, false));
                await ErrorAsync(context, 400, "InvalidAction", "Could not find operation " + action);
                break;
        }
    }

    private async Task CallerIdentityAsync(HttpContext context, byte[] body)
    {
        var signature = AwsFakeHost.Verify(context.Request, body, _keys);
        var audience = context.Request.Headers["X-Audience"].FirstOrDefault();
        var ok = signature.Valid && signature.Service == "sts";
        _calls.Enqueue(new StsCall("GetCallerIdentity", signature, audience, ok));
        if (!ok)
        {
            await ErrorAsync(context, 403, "SignatureDoesNotMatch", $"The request signature we calculated does not match the signature you provided ({signature.Reason}).");
            return;
        }

        var arn = signature.AccessKeyId == AwsTestKeys.Static.AccessKeyId
            ? $"arn:aws:iam::{AccountId}:user/flux-mirror-ci"
            : $"arn:aws:sts::{AccountId}:assumed-role/flux-mirror/session";
        await XmlAsync(context, 200, $"""
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <GetCallerIdentityResult><Arn>{arn}</Arn><UserId>{signature.AccessKeyId}</UserId><Account>{AccountId}</Account></GetCallerIdentityResult>
              <ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata>
            </GetCallerIdentityResponse>
            """);
    }

    private async Task AssumeRoleAsync(HttpContext context, Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form)
    {
        var role = form.TryGetValue("RoleArn", out var r) ? r.ToString() : "";
        var token = form.TryGetValue("WebIdentityToken", out var t) ? t.ToString().Trim() : "";
        if (role != RoleArn || token != WebIdentityToken)
        {
            _calls.Enqueue(new StsCall("AssumeRoleWithWebIdentity", null, null, false));
            await ErrorAsync(context, 400, "InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider");
            return;
        }

        var session = new AwsTestKey(
            "ASIA" + Guid.NewGuid().ToString("N")[..16].ToUpperInvariant(),
            "session-secret-" + Guid.NewGuid().ToString("N"),
            "session-token-" + Guid.NewGuid().ToString("N"));
        _keys.Add(session);
        _sessions.Enqueue(session);
        _calls.Enqueue(new StsCall("AssumeRoleWithWebIdentity", null, null, true));
        var expiration = (DateTimeOffset.UtcNow + SessionLifetime).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        await XmlAsync(context, 200, $"""
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleWithWebIdentityResult>
                <Credentials><AccessKeyId>{session.AccessKeyId}</AccessKeyId><SecretAccessKey>{session.SecretAccessKey}</SecretAccessKey><SessionToken>{session.SessionToken}</SessionToken><Expiration>{expiration}</Expiration></Credentials>
                <SubjectFromWebIdentityToken>system:serviceaccount:flux:mirror</SubjectFromWebIdentityToken>
                <AssumedRoleUser><Arn>arn:aws:sts::{AccountId}:assumed-role/flux-mirror/session</Arn><AssumedRoleId>AROAFAKE:session</AssumedRoleId></AssumedRoleUser>
                <Audience>sts.amazonaws.com</Audience>
              </AssumeRoleWithWebIdentityResult>
              <ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata>
            </AssumeRoleWithWebIdentityResponse>
            """);
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message) => XmlAsync(context, status, $"""
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error><Type>Sender</Type><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message></Error>
          <RequestId>{Guid.NewGuid()}</RequestId>
        </ErrorResponse>
        """);

    private static Task XmlAsync(HttpContext context, int status, string xml)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        return context.Response.WriteAsync(xml, context.RequestAborted);
    }
}
