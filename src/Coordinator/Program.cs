using FluxMirror.Coordinator.Cli;
using FluxMirror.Hosting.Nodes;

namespace FluxMirror.Coordinator;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        Embedded.StartupTrace.Mark("runtime start -> Main");
        Embedded.StartupWarmUp.StartFor(args);
        global::System.Console.OutputEncoding = global::System.Text.Encoding.UTF8;
        using var signals = new ShutdownSignals();
        var code = await CommandLine.RunAsync(args, CliConsole.System, signals.Token);
        Embedded.StartupTrace.Mark("command done");
        return code;
    }
}
