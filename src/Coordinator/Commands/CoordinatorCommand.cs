using FluxMirror.Actors.Nodes;
using FluxMirror.Coordinator.Api;
using FluxMirror.Coordinator.Cli;
using FluxMirror.Hosting.Logging;
using FluxMirror.Hosting.Nodes;
using FluxMirror.Hosting.Operator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FluxMirror.Coordinator.Commands;

/// <summary>
/// <c>flux-mirror coordinator</c>: a cluster node with the coordinator role (the job manager singleton runs
/// on the oldest one) serving the HTTP job API, on 127.0.0.1 unless --http-host says otherwise.
/// SIGTERM/Ctrl-C runs coordinated shutdown (singleton hand-over, leave) within ~30 s.
/// </summary>
public static class CoordinatorCommand
{
    private static readonly string[] FlagNames = ["hostname", "public-hostname", "port", "seeds", "postgres", "http-port", "http-host"];

    public static CommandSpec Spec(CliConsole console) => new(
        "coordinator",
        "coordinator [flags]",
        "Run a cluster coordinator node with the HTTP job API",
        "Run a coordinator node of a flux-mirror cluster (PostgreSQL journal) and serve the job API:\n" +
        "POST /jobs, GET /jobs, GET /jobs/{id}, GET /jobs/{id}/events, GET /healthz/live, GET /healthz/ready.\n" +
        "Flags override FLUX_MIRROR_HOSTNAME, FLUX_MIRROR_PUBLIC_HOSTNAME, FLUX_MIRROR_PORT, FLUX_MIRROR_SEEDS,\n" +
        "FLUX_MIRROR_POSTGRES, FLUX_MIRROR_HTTP_PORT and FLUX_MIRROR_HTTP_HOST. No seeds: this node founds the cluster.\n" +
        $"Every route but the two probes requires Authorization: Bearer TOKEN, the token read at start from ${ApiTokenReader.TokenFileVariable}\n" +
        $"(a file) or ${ApiTokenReader.TokenVariable}. Without a token the API may only listen on loopback.\n" +
        "Remoting is TLS with mutual authentication given FLUX_MIRROR_TLS_CERT, FLUX_MIRROR_TLS_KEY (or\n" +
        "FLUX_MIRROR_TLS_PASSWORD for PKCS#12) and FLUX_MIRROR_TLS_CA; a non-loopback --hostname needs them unless\n" +
        "FLUX_MIRROR_INSECURE_REMOTING=true.",
        NodeFlags.For(FlagNames),
        0,
        (args, ct) => RunAsync(args, console, ct))
    {
        TimeoutRefusal = "the node runs until it is stopped",
    };

    /// <summary>The coordinator node plus its HTTP API as one web application (also used by tests).</summary>
    /// <param name="apiToken">Required of every request but liveness; null only on a loopback address.</param>
    /// <param name="logFormat">The node's console log format (FLUX_MIRROR_LOG_FORMAT); JSON lines unless given.</param>
    public static WebApplication BuildApp(ClusterNodeSettings settings, string httpHost, int httpPort, string? apiToken = null, NodeLogFormat logFormat = NodeLogFormat.Json)
    {
        ApiListenGuard.EnsureAllowed(httpHost, apiToken is not null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.AddNodeConsole(logFormat);
        builder.WebHost.UseUrls($"http://{httpHost}:{httpPort}");
        builder.Services.AddCoordinatorNode(settings);
        var app = builder.Build();
        app.UseApiTokenAuthentication(apiToken is null ? null : new ApiTokenComparer(apiToken));
        app.MapJobApi();
        app.MapOperatorApi();
        return app;
    }

    private static async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken ct)
    {
        var node = NodeFlags.Parse(args, FlagNames);

        // Before anything is contacted: a missing or unreadable token, or an open API beyond loopback, is one line.
        var apiToken = ApiTokenReader.ForCoordinator(Environment.GetEnvironmentVariable);
        NodeLogFormat logFormat;
        try
        {
            logFormat = NodeLogging.FormatFromEnvironment(Environment.GetEnvironmentVariable);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message);
        }

        ApiListenGuard.EnsureAllowed(node.HttpHost, apiToken is not null);

        if (await PostgresPreflight.ProblemAsync(node.Settings.PostgresConnectionString, ct) is { } problem)
        {
            throw new CliException(problem);
        }

        await using var app = BuildApp(node.Settings, node.HttpHost, node.HttpPort, apiToken, logFormat);
        await app.StartAsync(ct);
        await using (var side = await NodeSideServers.StartAsync(app.Services, node.Settings.PortsOrNone, m => console.Stderr.WriteLine("warning: " + m), ct))
        {
            await console.Stdout.WriteLineAsync($"coordinator listening on {string.Join(", ", app.Urls)} ({(apiToken is null ? "no API token: loopback only" : "API token required")}){side.Describe()}");
            await console.Stdout.FlushAsync(ct);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, app.Lifetime.ApplicationStopping);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM, Ctrl-C or the actor system left the cluster: shut down in order below.
            }
        }

        await app.StopAsync(CancellationToken.None);
        return Environment.ExitCode;
    }
}
