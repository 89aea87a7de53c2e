using FluxMirror.Actors.Nodes;
using FluxMirror.Domain.Reporting;
using FluxMirror.Hosting.Nodes;

namespace FluxMirror.Worker;

/// <summary>
/// <c>flux-mirror-worker</c>: the worker node, the same as <c>flux-mirror worker</c> (see <see cref="WorkerHost"/>).
/// Settings come from FLUX_MIRROR_HOSTNAME, FLUX_MIRROR_PORT, FLUX_MIRROR_SEEDS, FLUX_MIRROR_POSTGRES (and flags of the
/// same names) and, for TLS remoting, FLUX_MIRROR_TLS_CERT, FLUX_MIRROR_TLS_KEY, FLUX_MIRROR_TLS_PASSWORD and
/// FLUX_MIRROR_TLS_CA (see RemotingTls). Configs of jobs are fetched from the job manager and <c>${VAR}</c> in them is
/// substituted from THIS process's environment, so registry credentials are given to the workers, not sent over the wire.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        if (WorkerUsage.IsRequested(args))
        {
            await Console.Out.WriteAsync(WorkerUsage.Text);
            return 0;
        }

        NodeArguments node;
        try
        {
            node = NodeArguments.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync("✗ " + TerminalText.Escape(ex.Message));
            return 1;
        }

        using var signals = new ShutdownSignals();
        return await WorkerHost.RunAsync(node.Settings, Console.Out, Console.Error, signals.Token);
    }
}
