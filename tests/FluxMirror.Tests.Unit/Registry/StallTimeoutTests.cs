using System.Diagnostics;
using System.Net;
using FluxMirror.Protocol.Limits;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;
using FluxMirror.Registry.Transport;
using FluxMirror.Tests.Unit.Actors.RateLimit;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Unit.Registry;

/// <summary>
/// Registries and token realms that accept a request and then stall: each costs a bounded timeout per attempt, the
/// attempts are retried, the error says which host stalled and where, and no host-gate permit is left behind.
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

    [Theory]
    [InlineData("local gate")]
    [InlineData("actor gate")]
    public async Task A_token_fetch_every_caller_gave_up_on_gives_its_permit_back(string gateKind)
    {
        var tokenRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = TokenRealmServer(hangingTokenRequests: 1, onTokenRequest: () => tokenRequested.TrySetResult());
        await using var gates = await OnePermitPerHostAsync(gateKind);

        // Default stall timeouts (30 s): only the caller giving up ends the hung fetch here.
        using var client = Client(o => o with { Gate = gates.Gate });
        using (var giveUp = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            var listing = client.ListTagsAsync(Repo(server), giveUp.Token);
            await tokenRequested.Task.WaitAsync(Patience, Ct);
            await giveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listing);
        }

        var tags = await client.ListTagsAsync(Repo(server), Ct).WaitAsync(Patience, Ct);

        Assert.Equal(["v1"], tags);
        Assert.Equal(2, TokenRequests(server));
        using (await gates.Gate.EnterAsync(server.Host, Ct).AsTask().WaitAsync(Patience, Ct))
        {
            // The host's only permit is free again.
        }
    }

    [Fact]
    public async Task A_timed_out_token_fetch_gives_its_permit_back()
    {
        await using var server = TokenRealmServer(hangingTokenRequests: 1);
        await using var gates = await OnePermitPerHostAsync("local gate");
        using var client = Client(o => ShortStalls(o) with { Gate = gates.Gate, MaxAttempts = 1 });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Repo(server), Ct).WaitAsync(Patience, Ct));
        var tags = await client.ListTagsAsync(Repo(server), Ct).WaitAsync(Patience, Ct);

        Assert.Contains("waiting for response headers", error.Message, StringComparison.Ordinal);
        Assert.Equal(["v1"], tags);
        Assert.Equal(2, TokenRequests(server));
    }

    private static RegistryClientOptions ShortStalls(RegistryClientOptions options) =>
        options with { ResponseHeaderTimeout = Short, BodyIdleTimeout = Short, MaxAttempts = 3 };

    private static RepositoryRef Repo(LoopbackServer server) => new(server.Host, "team/app");

    private static int TagListRequests(LoopbackServer server) =>
        server.Requests.Count(r => r.PathAndQuery.Contains("tags/list", StringComparison.Ordinal));

    private static int TokenRequests(LoopbackServer server) =>
        server.Requests.Count(r => r.PathAndQuery.StartsWith("/token", StringComparison.Ordinal));

    /// <summary>A registry that is its own token realm; its first <paramref name="hangingTokenRequests"/> token requests never get an answer.</summary>
    private static LoopbackServer TokenRealmServer(int hangingTokenRequests, Action? onTokenRequest = null)
    {
        var tokenRequests = 0;
        string? host = null;
        var server = new LoopbackServer(request =>
        {
            if (request.PathAndQuery.StartsWith("/token", StringComparison.Ordinal))
            {
                onTokenRequest?.Invoke();
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

    private static async Task<GateUnderTest> OnePermitPerHostAsync(string kind)
    {
        if (kind == "local gate")
        {
            return new GateUnderTest(new LocalHostGate(maxConcurrentPerHost: 1), null);
        }

        var harness = LimiterHarness.Start(new HostLimits(1, 0));
        var (_, gate) = harness.Gate("gate");
        await LimiterHarness.WarmUpAsync([gate], Ct);
        return new GateUnderTest(gate, harness);
    }

    private RegistryClient Client(Func<RegistryClientOptions, RegistryClientOptions> configure) => new(configure(new RegistryClientOptions
    {
        DockerConfigDirectory = _dockerConfig.Path,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        Log = line => { lock (_log) { _log.Add(line); } },
    }));

    private sealed record GateUnderTest(IHostRequestGate Gate, LimiterHarness? Harness) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            (Gate as IDisposable)?.Dispose();
            if (Harness is not null)
            {
                await Harness.DisposeAsync();
            }
        }
    }

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
