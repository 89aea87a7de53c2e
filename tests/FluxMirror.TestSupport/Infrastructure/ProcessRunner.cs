using System.Diagnostics;
using System.Text;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// Runs a tool to completion with an argument list (never a shell string), captures its output
/// and kills the whole process tree when the timeout or the caller's token fires.
/// </summary>
public static class ProcessRunner
{
    public static Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, CancellationToken ct = default) =>
        RunAsync(fileName, arguments, new ProcessRunOptions(), ct);

    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, ProcessRunOptions options, CancellationToken ct = default)
    {
        using var process = new Process { StartInfo = CreateStartInfo(fileName, arguments, options) };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => AppendLine(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => AppendLine(stderr, e.Data);

        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WriteStandardInputAsync(process, options.StandardInput, ct);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            await process.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
            // Only the tool name: arguments may carry credentials.
            throw new TimeoutException(
                $"'{Path.GetFileName(fileName)}' did not finish within {options.Timeout.TotalSeconds:0.#}s");
        }

        // The parameterless overload drains the asynchronous output readers.
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, Snapshot(stdout), Snapshot(stderr));
    }

    internal static ProcessStartInfo CreateStartInfo(string fileName, IEnumerable<string> arguments, ProcessRunOptions options)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = options.StandardInput is not null,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        if (options.WorkingDirectory is not null)
            info.WorkingDirectory = options.WorkingDirectory;
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (var (name, value) in options.Environment ?? new Dictionary<string, string?>())
        {
            if (value is null) info.Environment.Remove(name);
            else info.Environment[name] = value;
        }
        return info;
    }

    internal static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    private static async Task WriteStandardInputAsync(Process process, string? input, CancellationToken ct)
    {
        if (input is null)
            return;
        await process.StandardInput.WriteAsync(input.AsMemory(), ct);
        process.StandardInput.Close();
    }

    private static void AppendLine(StringBuilder target, string? line)
    {
        if (line is null)
            return;
        lock (target)
            target.AppendLine(line);
    }

    private static string Snapshot(StringBuilder source)
    {
        lock (source)
            return source.ToString();
    }
}
