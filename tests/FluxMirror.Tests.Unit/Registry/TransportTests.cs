using System.Diagnostics;
using System.Text;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Unit.Registry;

/// <summary>Transport behaviours shown against a loopback server that records what arrives.</summary>
public sealed class TransportTests : IDisposable
{
    private const string TagsJson = """{"name":"team/app","tags":["v1"]}""";
    private readonly DockerConfigDir _dockerConfig = new();
    private readonly List<string> _log = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dockerConfig.Dispose();

    [Fact]
    public async Task Credential_without_username_is_stamped_as_bearer_on_every_request()
    {
        await using var server = new LoopbackServer(_ => ScriptedResponse.Json(200, TagsJson));
        var hosts = HostSettingsFactory.FromConfig(Config(new HostEntry(server.Host, Credential: new CredentialSpec(Value: "ci-token"))));
        using var client = Client(o => o with { Hosts = hosts });

        await client.PingAsync(server.Host, Ct);
        await client.ListTagsAsync(new RepositoryRef(server.Host, "team/app"), Ct);

        Assert.Equal(["/v2/", "/v2/team/app/tags/list?n=1000"], server.Requests.Select(r => r.PathAndQuery));
        Assert.All(server.Requests, r => Assert.Equal("Bearer ci-token", r.Header("Authorization")));
    }

    [Fact]
    public async Task Token_file_is_reread_per_request()
    {
        await using var server = new LoopbackServer(_ => ScriptedResponse.Json(200, TagsJson));
        var tokenFile = Path.Combine(_dockerConfig.Path, "token");
        await File.WriteAllTextAsync(tokenFile, "first-token\n", Ct);
        var hosts = HostSettingsFactory.FromConfig(Config(new HostEntry(server.Host, Credential: new CredentialSpec(FromPath: tokenFile))));
        using var client = Client(o => o with { Hosts = hosts });
        var repo = new RepositoryRef(server.Host, "team/app");

        await client.ListTagsAsync(repo, Ct);
        await File.WriteAllTextAsync(tokenFile, "  rotated-token  ", Ct);
        await client.ListTagsAsync(repo, Ct);
        await File.WriteAllTextAsync(tokenFile, " \n", Ct);
        var error = await Assert.ThrowsAsync<CredentialException>(() => client.ListTagsAsync(repo, Ct));

        Assert.Equal(["Bearer first-token", "Bearer rotated-token"], server.Requests.Select(r => r.Header("Authorization")));
        Assert.Equal($"token file \"{tokenFile}\" is empty", error.Message);
    }

    [Fact]
    public async Task Retry_after_on_429_is_honoured_and_reported_to_the_gate()
    {
        var calls = 0;
        await using var server = new LoopbackServer(_ => Interlocked.Increment(ref calls) == 1
            ? ScriptedResponse.Empty(429, ("Retry-After", "1"))
            : ScriptedResponse.Json(200, TagsJson));
        var gate = new RecordingGate();
        using var client = Client(o => o with { Gate = gate });
        var stopwatch = Stopwatch.StartNew();

        var tags = await client.ListTagsAsync(new RepositoryRef(server.Host, "team/app"), Ct);

        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {stopwatch.Elapsed}");
        Assert.Equal(["v1"], tags);
        Assert.Equal([(server.Host, TimeSpan.FromSeconds(1))], gate.Throttled);
        Assert.Contains((server.Host, false), gate.Outcomes);
    }

    [Fact]
    public async Task The_https_probe_of_a_plain_http_registry_is_not_reported_to_the_gate_as_a_failure()
    {
        // The probe's TLS attempt fails by design here. Reported, it lowered the host's shared concurrency limit by
        // one per job and node, until a standing cluster sent one request at a time to a plain-HTTP registry.
        await using var server = new LoopbackServer(_ => ScriptedResponse.Json(200, TagsJson));
        var gate = new RecordingGate();
        using var client = Client(o => o with { Gate = gate });

        var tags = await client.ListTagsAsync(new RepositoryRef(server.Host, "team/app"), Ct);

        Assert.Equal(["v1"], tags);
        Assert.NotEmpty(gate.Outcomes);
        Assert.All(gate.Outcomes, o => Assert.Equal((server.Host, true), o));
    }

    [Fact]
    public async Task Retries_stop_after_max_attempts_with_the_last_status_in_the_error()
    {
        await using var server = new LoopbackServer(_ => ScriptedResponse.Json(503, """{"errors":[{"code":"UNAVAILABLE","message":"try later"}]}"""));
        using var client = Client(o => o with { MaxAttempts = 3 });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(new RepositoryRef(server.Host, "team/app"), Ct));

        Assert.Equal($"GET http://{server.Host}/v2/team/app/tags/list?n=1000: UNAVAILABLE: try later", error.Message);
        Assert.Equal(3, server.Requests.Count(r => r.PathAndQuery.Contains("tags/list", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Bearer_challenge_fetches_a_scoped_token_with_basic_credentials()
    {
        string? host = null;
        await using var server = new LoopbackServer(request => request.PathAndQuery switch
        {
            var p when p.StartsWith("/token", StringComparison.Ordinal) => ScriptedResponse.Json(200, """{"token":"registry-token","expires_in":300}"""),
            _ when request.Header("Authorization") == "Bearer registry-token" => ScriptedResponse.Json(200, TagsJson),
            _ => ScriptedResponse.Json(401, """{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}""",
                ("WWW-Authenticate", $"Bearer realm=\"http://{host}/token\",service=\"test-registry\",scope=\"repository:team/app:pull\"")),
        });
        host = server.Host;
        _dockerConfig.WithBasic(server.Host, "robot", "robot-pass");
        using var client = Client();
        var repo = new RepositoryRef(server.Host, "team/app");

        await client.ListTagsAsync(repo, Ct);
        await client.ListTagsAsync(repo, Ct);

        var tokenRequests = server.Requests.Where(r => r.PathAndQuery.StartsWith("/token", StringComparison.Ordinal)).ToArray();
        var tokenRequest = Assert.Single(tokenRequests);
        Assert.Equal("/token?service=test-registry&scope=repository%3Ateam%2Fapp%3Apull", tokenRequest.PathAndQuery);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("robot:robot-pass")), tokenRequest.Header("Authorization"));
        Assert.Equal(1, server.Requests.Count(r => r.PathAndQuery == "/v2/"));
    }

    [Fact]
    public async Task Identity_token_is_exchanged_with_a_refresh_token_post()
    {
        string? host = null;
        await using var server = new LoopbackServer(request => request switch
        {
            { Method: "POST", PathAndQuery: "/oauth2/token" } => ScriptedResponse.Json(200, """{"access_token":"exchanged","expires_in":120}"""),
            _ when request.Header("Authorization") == "Bearer exchanged" => ScriptedResponse.Json(200, TagsJson),
            _ => ScriptedResponse.Json(401, "{}", ("WWW-Authenticate", $"Bearer realm=\"http://{host}/oauth2/token\",service=\"svc\"")),
        });
        host = server.Host;
        _dockerConfig.WithIdentityToken(server.Host, "refresh-me");
        using var client = Client();

        Assert.Equal(["v1"], await client.ListTagsAsync(new RepositoryRef(server.Host, "team/app"), Ct));

        var exchange = Assert.Single(server.Requests, r => r.Method == "POST");
        var form = System.Web.HttpUtility.ParseQueryString(Encoding.UTF8.GetString(exchange.Body));
        Assert.Equal(("refresh_token", "refresh-me", "svc", "repository:team/app:pull"), (form["grant_type"], form["refresh_token"], form["service"], form["scope"]));
    }

    [Fact]
    public async Task A_401_asking_for_more_scope_is_answered_once_with_a_wider_token()
    {
        string? host = null;
        await using var server = new LoopbackServer(request => request.PathAndQuery switch
        {
            var p when p.StartsWith("/token", StringComparison.Ordinal) && p.Contains("push", StringComparison.Ordinal) => ScriptedResponse.Json(200, """{"token":"wide"}"""),
            var p when p.StartsWith("/token", StringComparison.Ordinal) => ScriptedResponse.Json(200, """{"token":"narrow"}"""),
            "/v2/" => ScriptedResponse.Json(401, "{}", ("WWW-Authenticate", $"Bearer realm=\"http://{host}/token\",service=\"svc\"")),
            _ when request.Header("Authorization") == "Bearer wide" => ScriptedResponse.Json(200, TagsJson),
            _ => ScriptedResponse.Json(401, "{}", ("WWW-Authenticate", $"Bearer realm=\"http://{host}/token\",service=\"svc\",scope=\"repository:team/app:pull,push\"")),
        });
        host = server.Host;
        using var client = Client();

        Assert.Equal(["v1"], await client.ListTagsAsync(new RepositoryRef(server.Host, "team/app"), Ct));

        Assert.Equal(
            ["/v2/", "/token?service=svc&scope=repository%3Ateam%2Fapp%3Apull", "/v2/team/app/tags/list?n=1000",
             "/token?service=svc&scope=repository%3Ateam%2Fapp%3Apull%2Cpush", "/v2/team/app/tags/list?n=1000"],
            server.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Connection_failure_is_a_one_line_registry_error()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var host = $"127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();
        using var client = Client(o => o with { MaxAttempts = 1 });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.HeadManifestAsync(new RepositoryRef(host, "team/app"), "v1", Ct));

        Assert.Null(error.StatusCode);
        Assert.Equal($"GET http://{host}/v2/: Connection refused ({host})", error.Message);
    }

    [Fact]
    public async Task Head_without_digest_falls_back_to_get_and_get_by_digest_verifies_the_bytes()
    {
        var manifest = """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}"""u8.ToArray();
        var digest = Digest.Compute(manifest);
        await using var server = new LoopbackServer(request => request.Method == "HEAD"
            ? ScriptedResponse.Empty(200)
            : new ScriptedResponse(200, new Dictionary<string, string> { ["Content-Type"] = MediaTypes.OciManifest }, manifest));
        using var client = Client();
        var repo = new RepositoryRef(server.Host, "team/app");

        var head = await client.HeadManifestAsync(repo, "v1", Ct);
        var wrongDigest = Digest.Compute("other"u8);
        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(repo, wrongDigest, Ct));

        Assert.Equal(new Descriptor(MediaTypes.OciManifest, digest, manifest.Length), head);
        Assert.Equal(["HEAD", "GET"], server.Requests.Where(r => r.PathAndQuery.Contains("manifests", StringComparison.Ordinal)).Take(2).Select(r => r.Method));
        Assert.Equal($"GET http://{server.Host}/v2/team/app/manifests/{wrongDigest}: manifest digest mismatch (got {digest})", error.Message);
    }

    [Fact]
    public async Task Redirect_to_another_host_does_not_carry_the_authorization_header()
    {
        var blob = "hello blob"u8.ToArray();
        var digest = Digest.Compute(blob);
        await using var storage = new LoopbackServer(_ => new ScriptedResponse(200, null, blob));
        await using var registry = new LoopbackServer(_ => ScriptedResponse.Empty(307, ("Location", $"http://{storage.Host}/bucket/data?X-Amz-Signature=abc")));
        _dockerConfig.WithRegistryToken(registry.Host, "registry-secret");
        using var client = Client();

        await using var stream = await client.OpenBlobAsync(new RepositoryRef(registry.Host, "team/app"), digest, Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);

        Assert.Equal(blob, copy.ToArray());
        Assert.Equal("Bearer registry-secret", Assert.Single(registry.Requests).Header("Authorization"));
        var redirected = Assert.Single(storage.Requests);
        Assert.Null(redirected.Header("Authorization"));
        Assert.Equal("/bucket/data?X-Amz-Signature=abc", redirected.PathAndQuery);
    }

    [Fact]
    public async Task Unexpected_status_without_error_json_shows_status_and_body_snippet()
    {
        await using var server = new LoopbackServer(_ => new ScriptedResponse(500, null, "boom\nstack"u8.ToArray()));
        using var client = Client(o => o with { MaxAttempts = 1 });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(new RepositoryRef(server.Host, "team/app"), "v1", Ct));

        Assert.Equal($"GET http://{server.Host}/v2/team/app/manifests/v1: unexpected status code 500 Internal Server Error: boom stack", error.Message);
    }

    private RegistryClient Client(Func<RegistryClientOptions, RegistryClientOptions>? configure = null)
    {
        var options = new RegistryClientOptions
        {
            DockerConfigDirectory = _dockerConfig.Path,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            Log = line => { lock (_log) { _log.Add(line); } },
        };
        return new RegistryClient(configure is null ? options : configure(options));
    }

    private static MirrorConfig Config(params HostEntry[] hosts) =>
        new(MirrorConfig.SupportedApiVersion, MirrorConfig.ConfigKind, hosts, [], [], Path.GetTempPath());
}
