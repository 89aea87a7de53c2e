using FluxMirror.Domain.Charts;
using FluxMirror.TestSupport.Http;

namespace FluxMirror.Tests.Unit.Domain.Charts;

/// <summary>An HTTP Helm repository that stalls fails the request on the stall timeouts, naming host and phase.</summary>
public sealed class HelmStallTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_index_whose_headers_never_come_fails_after_the_header_timeout()
    {
        await using var server = new LoopbackServer(_ => ScriptedResponse.NoAnswer());

        var error = await Assert.ThrowsAsync<HelmException>(() => LoadIndexAsync(server));

        Assert.Equal($"GET http://{server.Host}/charts/index.yaml: timed out after 1s waiting for response headers from {server.Host}", error.Message);
    }

    [Fact]
    public async Task An_index_that_stalls_midway_fails_after_the_idle_timeout()
    {
        await using var server = new LoopbackServer(_ => new ScriptedResponse(200, null, new byte[4096]) { Stall = ResponseStall.MidBody });

        var error = await Assert.ThrowsAsync<HelmException>(() => LoadIndexAsync(server));

        Assert.Equal($"read body from http://{server.Host}/charts/index.yaml: timed out reading the response body from {server.Host}: no data for 1s", error.Message);
    }

    private static async Task LoadIndexAsync(LoopbackServer server)
    {
        using var repositories = new HelmRepositories(new HelmRepositoryOptions
        {
            RepositoryConfigPath = Path.Combine(Path.GetTempPath(), "flux-mirror-no-such-dir", "repositories.yaml"),
            ResponseHeaderTimeout = TimeSpan.FromSeconds(1),
            BodyIdleTimeout = TimeSpan.FromSeconds(1),
        });
        var repository = await repositories.GetAsync($"http://{server.Host}/charts", Ct);
        await repository.GetIndexAsync(Ct).WaitAsync(Patience, Ct);
    }
}
