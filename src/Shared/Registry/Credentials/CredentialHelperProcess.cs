using System.ComponentModel;
using System.Diagnostics;

namespace FluxMirror.Registry.Credentials;

/// <summary>
/// Runs one <c>docker-credential-&lt;name&gt; &lt;verb&gt;</c> with its input on stdin (the docker-credential-helpers
/// protocol), bounded by a timeout and the caller's token; shared by <c>get</c> (sync) and <c>store</c> (login).
/// </summary>
internal static class CredentialHelperProcess
{
    /// <summary>A keychain helper may wait on an unlock prompt; a run that outlives this is treated as hung.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static string ProgramName(string helper) => "docker-credential-" + helper;

    /// <param name="helperDirectory">Where the helper lives; null = found on PATH.</param>
    public static async Task<CredentialHelperRun> RunAsync(string helper, string verb, string input, string? helperDirectory, CancellationToken ct)
    {
        var program = ProgramName(helper);
        var start = new ProcessStartInfo(helperDirectory is null ? program : Path.Combine(helperDirectory, program), verb)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(DefaultTimeout);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new CredentialException($"{program}: {ex.Message}", ex);
        }

        try
        {
            try
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), timeout.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // A helper that exits without reading stdin; its exit code and output tell the rest.
            }

            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return new CredentialHelperRun(program, process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Never leave a helper behind, whether our own bound or the caller's fired.
            Kill(process);
            if (ct.IsCancellationRequested)
            {
                throw;
            }

            throw new CredentialException($"{program} {verb}: timed out after {DefaultTimeout.TotalSeconds:0}s");
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
