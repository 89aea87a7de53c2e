using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Http;

namespace FluxMirror.TestSupport.Gcp;

/// <summary>
/// The GCE/GKE metadata server on plain HTTP at 127.0.0.1 (point <c>GCE_METADATA_HOST</c> at <see cref="Host"/>):
/// every request must carry <c>Metadata-Flavor: Google</c> (else 403, like the real one) and every answer echoes it,
/// which is how Google.Apis.Auth's probe recognises the server. Serves the default service account's access token
/// (honouring <c>?scopes=</c>), its ID token (<c>/identity?audience=…&amp;format=full</c>, plain-text JWT), its email,
/// the project id and the universe domain.
/// </summary>
public sealed class FakeGceMetadataServer : IAsyncDisposable
{
    public const string ServiceAccountEmail = "default-compute@fake-project.iam.gserviceaccount.com";
    private const string AccountPath = "/computeMetadata/v1/instance/service-accounts/default/";
    private readonly FakeGoogleTokens _tokens;
    private readonly LoopbackServer _server;

    public FakeGceMetadataServer(FakeGoogleTokens tokens)
    {
        _tokens = tokens;
        _server = new LoopbackServer(Handle);
    }

    /// <summary>"127.0.0.1:&lt;port&gt;", the value for <c>GCE_METADATA_HOST</c>.</summary>
    public string Host => _server.Host;

    public IReadOnlyList<RecordedRequest> Requests => _server.Requests;

    public int AccessTokenRequests => Requests.Count(r => r.PathAndQuery.StartsWith(AccountPath + "token", StringComparison.Ordinal));

    public int IdTokenRequests => Requests.Count(r => r.PathAndQuery.StartsWith(AccountPath + "identity", StringComparison.Ordinal));

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private ScriptedResponse Handle(RecordedRequest request)
    {
        if (request.Header("Metadata-Flavor") != "Google")
        {
            return Text(403, "Missing Metadata-Flavor:Google header.");
        }

        var path = request.PathAndQuery.Split('?', 2)[0];
        var query = QueryOf(request.PathAndQuery);
        return path switch
        {
            "/" or "/computeMetadata/v1/" => Text(200, "computeMetadata/"),
            AccountPath + "token" => Json(new JsonObject
            {
                ["access_token"] = _tokens.IssueAccessToken(),
                ["expires_in"] = (long)_tokens.Lifetime.TotalSeconds,
                ["token_type"] = "Bearer",
            }),
            AccountPath + "identity" => query.TryGetValue("audience", out var audience) && audience.Length > 0
                ? Text(200, _tokens.IssueIdToken(audience, ServiceAccountEmail))
                : Text(400, "non-empty audience parameter required"),
            AccountPath + "email" => Text(200, ServiceAccountEmail),
            "/computeMetadata/v1/project/project-id" => Text(200, "fake-project"),
            "/computeMetadata/v1/universe/universe-domain" => Text(200, "googleapis.com"),
            _ => Text(404, "not found"),
        };
    }

    private static Dictionary<string, string> QueryOf(string pathAndQuery)
    {
        var parts = pathAndQuery.Split('?', 2);
        return parts.Length < 2
            ? []
            : parts[1].Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .GroupBy(pair => WebUtility.UrlDecode(pair[0]))
                .ToDictionary(g => g.Key, g => g.First().Length > 1 ? WebUtility.UrlDecode(g.First()[1]) : string.Empty);
    }

    private static ScriptedResponse Text(int status, string text) =>
        new(status, new Dictionary<string, string> { ["Metadata-Flavor"] = "Google", ["Content-Type"] = "application/text" }, Encoding.UTF8.GetBytes(text));

    private static ScriptedResponse Json(JsonObject json) =>
        new(200, new Dictionary<string, string> { ["Metadata-Flavor"] = "Google", ["Content-Type"] = "application/json" }, Encoding.UTF8.GetBytes(json.ToJsonString()));
}
