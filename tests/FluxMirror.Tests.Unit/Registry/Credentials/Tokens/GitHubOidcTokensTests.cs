using System.Text;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Tokens;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Tokens;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Tokens;

/// <summary>The github/forgejo provider against a loopback Actions OIDC endpoint: request shape and every failure.</summary>
public sealed class GitHubOidcTokensTests : IDisposable
{
    private const string RequestToken = "runtime-request-token-xyz";
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task The_audience_is_appended_to_the_request_url_and_the_request_token_sent_as_bearer()
    {
        var jwt = TestJwts.Expiring(DateTimeOffset.UtcNow.AddMinutes(5), "a");
        await using var endpoint = new LoopbackServer(_ => ScriptedResponse.Json(200, $"{{\"count\":1,\"value\":\"{jwt}\"}}"));

        var token = await Minter($"http://{endpoint.Host}/_apis/token?api-version=2.0").MintAsync("registry.example:5000", Ct);

        var request = Assert.Single(endpoint.Requests);
        Assert.Equal(jwt, token);
        Assert.Equal(("GET", "/_apis/token?api-version=2.0&audience=registry.example%3A5000"), (request.Method, request.PathAndQuery));
        Assert.Equal("bearer " + RequestToken, request.Header("Authorization"));
    }

    [Fact]
    public async Task A_url_without_query_gets_one()
    {
        await using var endpoint = new LoopbackServer(_ => ScriptedResponse.Json(200, "{\"value\":\"t\"}"));

        await Minter($"http://{endpoint.Host}/token").MintAsync("sts.example", Ct);

        Assert.Equal("/token?audience=sts.example", Assert.Single(endpoint.Requests).PathAndQuery);
    }

    [Theory]
    [InlineData(null, RequestToken)]
    [InlineData("http://127.0.0.1:1/token", null)]
    [InlineData("", "")]
    public async Task Missing_environment_names_both_variables_and_the_permission(string? url, string? token)
    {
        var minter = new GitHubOidcTokens(_http, name => name == GitHubOidcTokens.RequestUrlVariable ? url : token);

        var error = await Assert.ThrowsAsync<CredentialException>(async () => await minter.MintAsync("a", Ct));

        Assert.Equal(
            "ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN must be set in the environment; ensure the Actions job has the 'id-token: write' permission",
            error.Message);
    }

    [Fact]
    public async Task A_failed_request_quotes_the_go_status_and_the_trimmed_body()
    {
        await using var endpoint = new LoopbackServer(_ => new ScriptedResponse(500, Body: Encoding.UTF8.GetBytes("  upstream\nbroke \n")));

        var error = await Assert.ThrowsAsync<CredentialException>(async () => await Minter($"http://{endpoint.Host}/t").MintAsync("a", Ct));

        Assert.Equal("OIDC token request failed with status 500 Internal Server Error: upstream broke", error.Message);
    }

    [Fact]
    public async Task A_long_error_body_is_cut()
    {
        await using var endpoint = new LoopbackServer(_ => new ScriptedResponse(401, Body: Encoding.UTF8.GetBytes(new string('x', 100_000))));

        var error = await Assert.ThrowsAsync<CredentialException>(async () => await Minter($"http://{endpoint.Host}/t").MintAsync("a", Ct));

        Assert.Equal("OIDC token request failed with status 401 Unauthorized: " + new string('x', 512) + "…", error.Message);
    }

    [Theory]
    [InlineData("{\"value\":\"\"}")]
    [InlineData("{\"value\":null}")]
    [InlineData("{\"count\":0}")]
    [InlineData("[]")]
    public async Task A_response_without_a_value_is_refused(string json)
    {
        await using var endpoint = new LoopbackServer(_ => ScriptedResponse.Json(200, json));

        var error = await Assert.ThrowsAsync<CredentialException>(async () => await Minter($"http://{endpoint.Host}/t").MintAsync("a", Ct));

        Assert.Equal("the OIDC token response did not contain a token", error.Message);
    }

    [Fact]
    public async Task A_response_that_is_not_json_or_too_large_is_refused()
    {
        await using var html = new LoopbackServer(_ => new ScriptedResponse(200, Body: "<html>"u8.ToArray()));
        await using var huge = new LoopbackServer(_ => ScriptedResponse.Json(200, "{\"value\":\"" + new string('a', 300 * 1024) + "\"}"));

        var notJson = await Assert.ThrowsAsync<CredentialException>(async () => await Minter($"http://{html.Host}/t").MintAsync("a", Ct));
        var tooLarge = await Assert.ThrowsAsync<CredentialException>(async () => await Minter($"http://{huge.Host}/t").MintAsync("a", Ct));

        Assert.StartsWith("decode OIDC token response: ", notJson.Message, StringComparison.Ordinal);
        Assert.Equal("decode OIDC token response: the response exceeds 262144 bytes", tooLarge.Message);
    }

    [Fact]
    public async Task An_endpoint_that_never_answers_fails_within_the_timeout()
    {
        await using var endpoint = new LoopbackServer(_ => ScriptedResponse.NoAnswer());
        var minter = new GitHubOidcTokens(_http, Env($"http://{endpoint.Host}/t"), TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<CredentialException>(async () => await minter.MintAsync("a", Ct));

        Assert.Equal("OIDC token request failed: no answer within 0.3s", error.Message);
    }

    [Fact]
    public async Task The_host_credential_is_the_minted_token_and_failures_name_the_host()
    {
        var jwt = TestJwts.Expiring(DateTimeOffset.UtcNow.AddMinutes(5), "b");
        await using var good = new LoopbackServer(_ => ScriptedResponse.Json(200, $"{{\"value\":\"{jwt}\"}}"));
        await using var bad = new LoopbackServer(_ => ScriptedResponse.Json(200, "{}"));

        var credential = await Minter($"http://{good.Host}/t").SourceFor("r.example", "aud.example").ResolveAsync(Ct);
        var error = await Assert.ThrowsAsync<CredentialException>(async () => await Minter($"http://{bad.Host}/t").SourceFor("r.example", "aud.example").ResolveAsync(Ct));

        Assert.Equal(jwt, credential.BearerToken);
        Assert.Equal("/t?audience=aud.example", Assert.Single(good.Requests).PathAndQuery);
        Assert.Equal("failed to obtain CI JWT for host \"r.example\": the OIDC token response did not contain a token", error.Message);
    }

    private GitHubOidcTokens Minter(string url) => new(_http, Env(url));

    private static Func<string, string?> Env(string url) => name => name switch
    {
        GitHubOidcTokens.RequestUrlVariable => url,
        GitHubOidcTokens.RequestTokenVariable => RequestToken,
        _ => null,
    };
}
