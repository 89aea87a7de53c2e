using System.Text.Json;
using FluxMirror.Actors.Nodes;
using FluxMirror.Hosting.Http;
using FluxMirror.Hosting.Management;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FluxMirror.Tests.Unit.Hosting;

/// <summary>The probes run only their own tag's checks, from the node's services, and answer 200/503 with JSON.</summary>
public sealed class NodeProbesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Liveness_ignores_failing_readiness_checks()
    {
        var (status, body) = await ProbeAsync(NodeProbes.LiveAsync, databaseUp: false);

        Assert.Equal(200, status);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal(["actor-system"], Names(body));
    }

    [Fact]
    public async Task Readiness_fails_with_503_naming_the_failing_check()
    {
        var (status, body) = await ProbeAsync(NodeProbes.ReadyAsync, databaseUp: false);

        Assert.Equal(503, status);
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        Assert.Equal(["cluster", "journal-connectivity"], Names(body));
        var journal = body.GetProperty("checks")[1];
        Assert.Equal("unhealthy", journal.GetProperty("status").GetString());
        Assert.Equal("the database does not answer", journal.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Readiness_passes_when_every_ready_check_does()
    {
        var (status, _) = await ProbeAsync(NodeProbes.ReadyAsync, databaseUp: true);

        Assert.Equal(200, status);
    }

    private static async Task<(int Status, JsonElement Body)> ProbeAsync(Func<HttpContext, CancellationToken, Task<IResult>> probe, bool databaseUp)
    {
        var node = new ServiceCollection();
        node.AddLogging();
        node.AddHealthChecks()
            .AddCheck("actor-system", () => HealthCheckResult.Healthy(), [NodeObservability.Live])
            .AddCheck("cluster", () => HealthCheckResult.Healthy(), [NodeObservability.Ready])
            .AddCheck("journal-connectivity", () => databaseUp ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("the database does not answer"), [NodeObservability.Ready]);
        await using var nodeServices = node.BuildServiceProvider();

        // As on the management port: the side server's own services, the node's behind NodeServices.
        var side = new ServiceCollection();
        side.AddLogging();
        side.AddSingleton(new NodeServices(nodeServices));
        await using var sideServices = side.BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = sideServices };
        http.Response.Body = new MemoryStream();

        var result = await probe(http, Ct);
        await result.ExecuteAsync(http);

        http.Response.Body.Position = 0;
        return (http.Response.StatusCode, (await JsonDocument.ParseAsync(http.Response.Body, cancellationToken: Ct)).RootElement.Clone());
    }

    private static List<string> Names(JsonElement body) =>
        [.. body.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];
}
