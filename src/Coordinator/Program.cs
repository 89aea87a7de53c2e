using FluxMirror.Coordinator.Cli;

namespace FluxMirror.Coordinator;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        Embedded.StartupTrace.Mark("runtime start -> Main");
        Embedded.StartupWarmUp.StartFor(args);
        global::System.Console.OutputEncoding = global::System.Text.Encoding.UTF8;
        using var cts = new CancellationTokenSource();
        global::System.Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            cts.Cancel();
        });
        var code = await CommandLine.RunAsync(args, CliConsole.System, cts.Token);
        Embedded.StartupTrace.Mark("command done");
        return code;
    }
}
