using System.Collections.Concurrent;
using System.Web;
using FluxMirror.Registry.Credentials.Tokens;
using FluxMirror.TestSupport.Http;

namespace FluxMirror.TestSupport.Tokens;

/// <summary>
/// The GitHub/Forgejo Actions OIDC endpoint on 127.0.0.1: answers <c>GET …?audience=…</c> carrying
/// <c>Authorization: bearer &lt;request token&gt;</c> with <c>{"value":"&lt;jwt&gt;"}</c>, a token for that audience
/// that expires after <c>lifetime</c>. Remembers what it issued, so a registry can accept exactly those tokens.
/// </summary>
public sealed class FakeActionsOidc : IAsyncDisposable
{
    /// <summary>The runtime's request token the CLI must present (never a registry credential).</summary>
    public const string RequestToken = "actions-request-token-5f1e";

    private readonly LoopbackServer _server;
    private readonly TimeSpan _lifetime;
    private readonly ConcurrentDictionary<string, (string Audience, DateTimeOffset Expires)> _issued = new();
    private int _count;

    public FakeActionsOidc(TimeSpan lifetime)
    {
        _lifetime = lifetime;
        _server = new LoopbackServer(Answer);
    }

    /// <summary>The request URL, with a query of its own as GitHub's has.</summary>
    public string RequestUrl => $"http://{_server.Host}/_apis/distributedtask/token?api-version=2.0";

    /// <summary>Every token issued so far.</summary>
    public IReadOnlyCollection<string> Issued => _issued.Keys.ToArray();

    public IReadOnlyList<RecordedRequest> Requests => _server.Requests;

    /// <summary>The CLI child's environment: both Actions variables pointing here.</summary>
    public IDictionary<string, string?> Environment() => new Dictionary<string, string?>
    {
        [GitHubOidcTokens.RequestUrlVariable] = RequestUrl,
        [GitHubOidcTokens.RequestTokenVariable] = RequestToken,
    };

    /// <summary>Why a registry for <paramref name="audience"/> refuses <paramref name="token"/> now, or null.</summary>
    public string? Rejection(string token, string audience) =>
        !_issued.TryGetValue(token, out var issued) ? "not issued by the OIDC endpoint"
        : issued.Audience != audience ? $"audience {issued.Audience}"
        : issued.Expires <= DateTimeOffset.UtcNow ? "expired"
        : null;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private ScriptedResponse Answer(RecordedRequest request)
    {
        if (request.Header("Authorization") != "bearer " + RequestToken)
        {
            return ScriptedResponse.Json(401, "{\"message\":\"bad request token\"}");
        }

        var query = request.PathAndQuery.Contains('?', StringComparison.Ordinal) ? request.PathAndQuery[(request.PathAndQuery.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
        var audience = HttpUtility.ParseQueryString(query)["audience"] ?? "";
        var expires = DateTimeOffset.UtcNow + _lifetime;
        var token = TestJwts.Unsigned(
            $"{{\"iss\":\"https://token.actions.test\",\"sub\":\"repo:org/app:ref:refs/heads/main\",\"aud\":\"{audience}\",\"jti\":\"{Interlocked.Increment(ref _count)}-{Guid.NewGuid():N}\",\"exp\":{expires.ToUnixTimeSeconds()}}}");
        _issued[token] = (audience, expires);
        return ScriptedResponse.Json(200, $"{{\"count\":1,\"value\":\"{token}\"}}");
    }
}
