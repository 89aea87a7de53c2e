using FluxMirror.Actors.Nodes;
using FluxMirror.Coordinator.Cli;
using FluxMirror.Hosting.Nodes;

namespace FluxMirror.Coordinator.Commands;

/// <summary>
/// <c>flux-mirror worker</c>: the worker node from the one image's one entrypoint (<c>flux-mirror-worker</c> runs the
/// same <see cref="WorkerHost"/>). Flags override the FLUX_MIRROR_* variables, as for <c>coordinator</c>.
/// </summary>
public static class WorkerCommand
{
    private static readonly string[] FlagNames = ["hostname", "public-hostname", "port", "seeds", "postgres"];

    public static CommandSpec Spec(CliConsole console) => new(
        "worker",
        "worker [flags]",
        "Run a cluster worker node",
        WorkerUsage.Summary +
        "Flags override FLUX_MIRROR_HOSTNAME, FLUX_MIRROR_PUBLIC_HOSTNAME, FLUX_MIRROR_PORT, FLUX_MIRROR_SEEDS and\n" +
        "FLUX_MIRROR_POSTGRES. The operator port (127.0.0.1:9110, FLUX_MIRROR_OPERATOR_PORT) answers `flux-mirror cluster …`\n" +
        "inside the pod; the management port (9464, FLUX_MIRROR_MANAGEMENT_PORT) serves /healthz/live, /healthz/ready and /metrics.",
        NodeFlags.For(FlagNames),
        0,
        (args, ct) => RunAsync(args, console, ct))
    {
        TimeoutRefusal = "the node runs until it is stopped",
    };

    private static async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken ct)
    {
        var node = NodeFlags.Parse(args, FlagNames);

        return await WorkerHost.RunAsync(node.Settings, console.Stdout, console.Stderr, ct);
    }
}
