using System.Text;
using FluxMirror.Coordinator;
using FluxMirror.Coordinator.Cli;

namespace FluxMirror.TestSupport.Cli;

/// <summary>Runs the flux-mirror command line in-process and captures what it prints.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(params string[] args) => await RunWithStdinAsync(string.Empty, args);

    public static async Task<Result> RunWithStdinAsync(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new FluxMirror.Coordinator.Cli.CliConsole(stdout, stderr, () => new MemoryStream(Encoding.UTF8.GetBytes(stdin)), false);
        var code = await CommandLine.RunAsync(args, console, TestContext.Current.CancellationToken);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
