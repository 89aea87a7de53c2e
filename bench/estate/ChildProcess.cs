using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Bench.Estate;

/// <summary>Runs a copier's process to the end, bounded; a non-zero exit is a failed copy.</summary>
internal static class ChildProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static async Task<ProcessResult> RunAsync(
        string copier, string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment, CancellationToken ct)
    {
        var result = await ProcessRunner.RunAsync(fileName, arguments, new ProcessRunOptions { Timeout = Timeout, Environment = environment }, ct);
        if (!result.Succeeded)
        {
            var tail = string.Join(Environment.NewLine, result.CombinedOutput.Split('\n').TakeLast(10));
            throw new CopyFailedException($"{copier} exited with {result.ExitCode}:{Environment.NewLine}{tail}");
        }

        return result;
    }

    /// <summary>The last non-empty line of the output (a summary line), for the report.</summary>
    public static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}
