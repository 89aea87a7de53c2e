using FluxMirror.Coordinator.Cli;
using FluxMirror.Domain.Reporting;

namespace FluxMirror.Coordinator.Commands;

/// <summary><c>flux-mirror version</c>.</summary>
public static class VersionCommand
{
    public static CommandSpec Spec(CliConsole console) => new(
        "version",
        "version [flags]",
        "Print the version",
        string.Empty,
        [],
        0,
        async (args, _) =>
        {
            await console.Stdout.WriteLineAsync($"flux-mirror v{ReporterName.Version}");
            return 0;
        })
    {
        TimeoutRefusal = GlobalFlags.WaitsForNothing,
    };
}
