using System.Text;
using System.Text.Json;

namespace FluxMirror.Registry.Credentials;

/// <summary>
/// The two docker credential helper verbs flux-mirror uses: <c>get</c> (the server URL on stdin) when sync reads a
/// credential, <c>store</c> (a <c>{"ServerURL","Username","Secret"}</c> object on stdin) when login writes one.
/// </summary>
internal static class DockerCredentialHelper
{
    private const string IdentityTokenUsername = "<token>";

    /// <summary>The stored credential, or null when the helper has none for the server.</summary>
    public static async Task<RegistryCredential?> GetAsync(string helper, string serverUrl, string? helperDirectory, CancellationToken ct)
    {
        var run = await CredentialHelperProcess.RunAsync(helper, "get", serverUrl, helperDirectory, ct).ConfigureAwait(false);
        if (!run.Succeeded)
        {
            if ((run.Stdout + run.Stderr).Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            throw new CredentialException($"{run.Program} get: exit code {run.ExitCode}: {run.Diagnostic()}");
        }

        return Parse(run.Stdout, run.Program);
    }

    /// <summary>Stores <paramref name="username"/>/<paramref name="secret"/> for <paramref name="serverUrl"/> in the helper's keychain.</summary>
    /// <exception cref="CredentialException">The helper is missing, failed or hung; the message never holds the secret.</exception>
    public static async Task StoreAsync(string helper, string serverUrl, string username, string secret, string? helperDirectory, CancellationToken ct)
    {
        var run = await CredentialHelperProcess.RunAsync(helper, "store", StoreInput(serverUrl, username, secret), helperDirectory, ct).ConfigureAwait(false);
        if (!run.Succeeded)
        {
            throw new CredentialException($"{run.Program} store: exit code {run.ExitCode}: {run.Diagnostic(secret)}");
        }
    }

    private static string StoreInput(string serverUrl, string username, string secret)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("ServerURL", serverUrl);
            json.WriteString("Username", username);
            json.WriteString("Secret", secret);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
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
}
