using System.Diagnostics;
using System.Net;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;
using FluxMirror.Registry.Transport;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Unit.Registry;

/// <summary>
/// Registries and token realms that accept a request and then stall: each costs a bounded timeout per attempt, the
/// attempts are retried, and the error says which host stalled and where.
/// </summary>
public sealed class StallTimeoutTests : IDisposable
{
    private const string TagsJson = """{"name":"team/app","tags":["v1"]}""";

    // Everything below fails or succeeds well inside this, even on a busy machine; without the bounds it would hang.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(1);

    private readonly DockerConfigDir _dockerConfig = new();
    private readonly List<string> _log = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dockerConfig.Dispose();

    [Fact]
    public async Task Response_headers_that_never_come_fail_after_each_attempt_timed_out()
    {
        await using var server = new LoopbackServer(request => request.PathAndQuery == "/v2/" ? ScriptedResponse.Empty(200) : ScriptedResponse.NoAnswer());
        using var client = Client(ShortStalls);
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Repo(server), Ct).WaitAsync(Patience, Ct));

        Assert.Equal($"GET http://{server.Host}/v2/team/app/tags/list?n=1000: timed out after 1s waiting for response headers from {server.Host}", error.Message);
        Assert.Equal(3, TagListRequests(server));
        Assert.Equal(2, _log.Count(l => l.Contains("after timeout", StringComparison.Ordinal)));
        Assert.True(stopwatch.Elapsed >= 3 * Short, $"failed after {stopwatch.Elapsed}, before three timeouts ran out");
    }

    [Fact]
    public async Task A_body_that_stalls_midway_is_retried_and_then_fails_naming_host_and_phase()
    {
        await using var server = new LoopbackServer(request => request.PathAndQuery == "/v2/"
            ? ScriptedResponse.Empty(200)
            : ScriptedResponse.Json(200, TagsJson) with { Stall = ResponseStall.MidBody });
        using var client = Client(ShortStalls);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Repo(server), Ct).WaitAsync(Patience, Ct));

        Assert.Equal($"GET http://{server.Host}/v2/team/app/tags/list?n=1000: timed out reading the response body from {server.Host}: no data for 1s", error.Message);
        Assert.Equal(3, TagListRequests(server));
    }

    [Fact]
    public async Task A_body_that_stalls_once_costs_one_timeout_and_a_retry()
    {
        var calls = 0;
        await using var server = new LoopbackServer(request => request.PathAndQuery == "/v2/"
            ? ScriptedResponse.Empty(200)
            : ScriptedResponse.Json(200, TagsJson) with { Stall = Interlocked.Increment(ref calls) == 1 ? ResponseStall.MidBody : ResponseStall.None });
        using var client = Client(ShortStalls);

        var tags = await client.ListTagsAsync(Repo(server), Ct).WaitAsync(Patience, Ct);

        Assert.Equal(["v1"], tags);
        Assert.Equal(2, TagListRequests(server));
    }

    [Fact]
    public async Task A_token_realm_that_never_answers_fails_naming_the_realm_after_retries()
    {
        await using var server = TokenRealmServer(hangingTokenRequests: int.MaxValue);
        using var client = Client(ShortStalls);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Repo(server), Ct).WaitAsync(Patience, Ct));

        Assert.Equal(
            $"GET http://{server.Host}/token?service=svc&scope=repository%3Ateam%2Fapp%3Apull: timed out after 1s waiting for response headers from {server.Host}",
            error.Message);
        Assert.Equal(3, TokenRequests(server));
    }

    [Fact]
    public async Task The_header_timeout_starts_once_the_request_body_is_sent()
    {
        await using var server = new LoopbackServer(_ => ScriptedResponse.Empty(202));
        using var invoker = new HttpMessageInvoker(
            new StallTimeoutHandler(new StallTimeouts(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2))) { InnerHandler = new SocketsHttpHandler() });

        // Four pieces a second apart: longer than the header timeout, but the peer takes every piece at once.
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"http://{server.Host}/upload") { Content = new PacedContent(pieces: 4, TimeSpan.FromSeconds(1)) };
        using var response = await invoker.SendAsync(request, Ct).WaitAsync(Patience, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(4, Assert.Single(server.Requests).Body.Length);
        Assert.IsType<PacedContent>(request.Content);
    }

    private static RegistryClientOptions ShortStalls(RegistryClientOptions options) =>
        options with { ResponseHeaderTimeout = Short, BodyIdleTimeout = Short, MaxAttempts = 3 };

    private static RepositoryRef Repo(LoopbackServer server) => new(server.Host, "team/app");

    private static int TagListRequests(LoopbackServer server) =>
        server.Requests.Count(r => r.PathAndQuery.Contains("tags/list", StringComparison.Ordinal));

    private static int TokenRequests(LoopbackServer server) =>
        server.Requests.Count(r => r.PathAndQuery.StartsWith("/token", StringComparison.Ordinal));

    /// <summary>A registry that is its own token realm; its first <paramref name="hangingTokenRequests"/> token requests never get an answer.</summary>
    private static LoopbackServer TokenRealmServer(int hangingTokenRequests)
    {
        var tokenRequests = 0;
        string? host = null;
        var server = new LoopbackServer(request =>
        {
            if (request.PathAndQuery.StartsWith("/token", StringComparison.Ordinal))
            {
                return Interlocked.Increment(ref tokenRequests) <= hangingTokenRequests
                    ? ScriptedResponse.NoAnswer()
                    : ScriptedResponse.Json(200, """{"token":"granted"}""");
            }

            return request.Header("Authorization") == "Bearer granted"
                ? ScriptedResponse.Json(200, TagsJson)
                : ScriptedResponse.Json(401, "{}", ("WWW-Authenticate", $"Bearer realm=\"http://{host}/token\",service=\"svc\""));
        });
        host = server.Host;
        return server;
    }

    private RegistryClient Client(Func<RegistryClientOptions, RegistryClientOptions> configure) => new(configure(new RegistryClientOptions
    {
        DockerConfigDirectory = _dockerConfig.Path,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        Log = line => { lock (_log) { _log.Add(line); } },
    }));

    /// <summary>A body written one byte at a time with a pause before each.</summary>
    private sealed class PacedContent(int pieces, TimeSpan pause) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var i = 0; i < pieces; i++)
            {
                await Task.Delay(pause);
                await stream.WriteAsync(new byte[] { 42 });
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = pieces;
            return true;
        }
    }
}
