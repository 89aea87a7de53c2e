using System.Security.Cryptography;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>Writes the distribution config.yml (and htpasswd file) for one registry instance.</summary>
public static class RegistryConfigWriter
{
    public static async Task<string> WriteAsync(string directory, int port, RegistryOptions options, CancellationToken ct)
    {
        var storage = Path.Combine(directory, "storage");
        Directory.CreateDirectory(storage);
        var auth = options.RequiresAuth ? HtpasswdSection(await WriteHtpasswdAsync(directory, options, ct)) : "";
        var config = $"""
            version: 0.1
            log:
              level: info
              accesslog:
                disabled: false
            storage:
              filesystem:
                rootdirectory: {storage}
              delete:
                enabled: true
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: 127.0.0.1:{port}
              secret: {Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}
            {auth}
            """;
        var path = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(path, config, ct);
        return path;
    }

    private static string HtpasswdSection(string htpasswdPath) => $"""
        auth:
          htpasswd:
            realm: fluxmirror-test
            path: {htpasswdPath}
        """;

    /// <summary>distribution only accepts bcrypt entries; the password goes via stdin, never argv.</summary>
    private static async Task<string> WriteHtpasswdAsync(string directory, RegistryOptions options, CancellationToken ct)
    {
        var result = await ProcessRunner.RunAsync(
            "htpasswd", ["-n", "-i", "-B", options.Username!],
            new ProcessRunOptions { StandardInput = options.Password, Timeout = TimeSpan.FromSeconds(30) }, ct);
        if (!result.Succeeded)
            throw new InvalidOperationException($"htpasswd failed with exit code {result.ExitCode}");
        var path = Path.Combine(directory, "htpasswd");
        await File.WriteAllTextAsync(path, result.StandardOutput.Trim() + "\n", ct);
        return path;
    }
}
