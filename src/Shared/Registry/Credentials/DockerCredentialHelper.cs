using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace FluxMirror.Registry.Credentials;

/// <summary>
/// Runs <c>docker-credential-&lt;name&gt; get</c> with the server URL on stdin (the docker credential helper protocol).
/// </summary>
internal static class DockerCredentialHelper
{
    private const string IdentityTokenUsername = "<token>";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The stored credential, or null when the helper has none for the server.</summary>
    public static async Task<RegistryCredential?> GetAsync(string helper, string serverUrl, string? helperDirectory, CancellationToken ct)
    {
        var program = "docker-credential-" + helper;
        var start = new ProcessStartInfo(helperDirectory is null ? program : Path.Combine(helperDirectory, program), "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
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
                await process.StandardInput.WriteAsync(serverUrl).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // A helper that exits without reading stdin; its exit code and output tell the rest.
            }

            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            var stdout = await output.ConfigureAwait(false);
            var stderr = await error.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                if ((stdout + stderr).Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                throw new CredentialException($"{program} get: exit code {process.ExitCode}: {FirstLine(stderr.Length > 0 ? stderr : stdout)}");
            }

            return Parse(stdout, program);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new CredentialException($"{program} get: timed out after {Timeout.TotalSeconds:0}s");
        }
    }

    private static RegistryCredential? Parse(string stdout, string program)
    {
        try
        {
            using var document = JsonDocument.Parse(stdout);
            var root = document.RootElement;
            var username = root.TryGetProperty("Username", out var u) ? u.GetString() : null;
            var secret = root.TryGetProperty("Secret", out var s) ? s.GetString() : null;
            if (string.IsNullOrEmpty(secret))
            {
                return null;
            }

            return username == IdentityTokenUsername || string.IsNullOrEmpty(username)
                ? RegistryCredential.Identity(null, secret)
                : RegistryCredential.Basic(username, secret);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Deliberately no output echo: it may hold the secret.
            throw new CredentialException($"{program} get: output is not a credential JSON object", ex);
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;
        return line.Length > 200 ? line[..200] : line;
    }
}
