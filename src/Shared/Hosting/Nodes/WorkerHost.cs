using FluxMirror.Actors.Nodes;
using FluxMirror.Domain.Reporting;
using FluxMirror.Hosting.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FluxMirror.Hosting.Nodes;

/// <summary>
/// A worker node as both executables run it (<c>flux-mirror worker</c>, <c>flux-mirror-worker</c>): the actor system,
/// then the operator and management ports, until SIGTERM/Ctrl-C (the caller's token) or the node leaves the cluster;
/// then coordinated shutdown (hand off shards, leave) within <see cref="WorkerNode.ShutdownTimeout"/>.
/// </summary>
public static class WorkerHost
{
    public static async Task<int> RunAsync(ClusterNodeSettings settings, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (await PostgresPreflight.ProblemAsync(settings.PostgresConnectionString, ct) is { } problem)
        {
            await stderr.WriteLineAsync("✗ " + TerminalText.Escape(problem));
            return 1;
        }

        NodeLogFormat logFormat;
        try
        {
            logFormat = NodeLogging.FormatFromEnvironment(Environment.GetEnvironmentVariable);
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync("✗ " + ex.Message);
            return 1;
        }

        using var host = WorkerNode.Build(settings, logging => logging.AddNodeConsole(logFormat));
        await host.StartAsync(ct);
        await using (var side = await NodeSideServers.StartAsync(host.Services, settings.PortsOrNone, m => stderr.WriteLine("warning: " + m), ct))
        {
            await stdout.WriteLineAsync("worker started" + side.Describe());
            await stdout.FlushAsync(ct);
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM, Ctrl-C or the actor system left the cluster: shut down in order below.
            }
        }

        await host.StopAsync(CancellationToken.None);
        return Environment.ExitCode;
    }
}
