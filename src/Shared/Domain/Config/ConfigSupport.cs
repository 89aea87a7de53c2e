using FluxMirror.Registry.Model;
using FluxMirror.Registry.Transport;

namespace FluxMirror.Domain.Config;

/// <summary>
/// What this build can run, checked after the reference's validation and path resolution: the files, credentials
/// and TLS material a config names, read where the check runs. The CLI runs it before a sync or a submission, the coordinator again on submit (with its own files and environment),
/// so a config is refused up front with one message instead of failing on the nodes. Messages carry the same
/// path prefixes as validation (<c>hosts[0]: tls: serverAuth: …</c>); the first problem wins.
/// </summary>
public static class ConfigSupport
{
    /// <summary>Throws <see cref="ConfigException"/> with the first problem.</summary>
    public static void Check(MirrorConfig config)
    {
        if (FirstProblem(config) is { } problem)
        {
            throw new ConfigException(problem);
        }
    }

    public static string? FirstProblem(MirrorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        for (var i = 0; i < config.Hosts.Count; i++)
        {
            if (HostProblem(config.Hosts[i]) is { } hostProblem)
            {
                return $"hosts[{i}]: {hostProblem}";
            }
        }

        return null;
    }

    /// <summary>A PEM from inline text or a file (null when neither is set); an unreadable file throws <see cref="TlsMaterialException"/> named by <paramref name="what"/>.</summary>
    internal static string? Pem(string? fromPath, string? value, string what)
    {
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        if (string.IsNullOrEmpty(fromPath))
        {
            return null;
        }

        return ReadFile(fromPath, out var text) is { } error ? throw new TlsMaterialException($"{what}: {error}") : text;
    }

    private static string? HostProblem(HostEntry host)
    {
        if (host.Credential is { } credential && CredentialProblem(credential) is { } credentialProblem)
        {
            return credentialProblem;
        }

        return host.Tls is { } tls ? TlsProblem(tls) : null;
    }

    private static string? CredentialProblem(CredentialSpec credential) => credential.Source switch
    {
        CredentialSource.JwkPath or CredentialSource.JwkValue => JwkCredential.Problem(credential),
        // Read again on every request (a rotated token is picked up); here it must at least be readable.
        CredentialSource.FromPath => ReadFile(credential.FromPath!, out _) is { } error ? "credential: fromPath: " + error : null,
        _ => null,
    };

    private static string? TlsProblem(TlsSpec tls)
    {
        try
        {
            // Loaded now so broken material fails the config, not the first request.
            if (Pem(tls.ServerAuth?.FromPath, tls.ServerAuth?.Value, "serverAuth") is { } ca)
            {
                TlsProfile.LoadCaBundle(ca);
            }

            var certificate = Pem(tls.ClientAuth?.Certificate?.FromPath, tls.ClientAuth?.Certificate?.Value, "clientAuth: certificate");
            var key = Pem(tls.ClientAuth?.Key?.FromPath, tls.ClientAuth?.Key?.Value, "clientAuth: key");
            if (certificate is not null && key is not null)
            {
                TlsProfile.LoadClientCertificate(certificate, key).Dispose();
            }

            return null;
        }
        catch (TlsMaterialException ex)
        {
            return "tls: " + ex.Message;
        }
    }

    /// <summary>Reads a file the config names; the error reads like Go's (<c>open PATH: no such file or directory</c>).</summary>
    internal static string? ReadFile(string path, out string text)
    {
        text = "";
        if (Directory.Exists(path))
        {
            return $"read {path}: is a directory";
        }

        try
        {
            text = File.ReadAllText(path);
            return null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return $"open {path}: no such file or directory";
        }
        catch (UnauthorizedAccessException)
        {
            return $"open {path}: permission denied";
        }
        catch (IOException e)
        {
            return $"open {path}: {e.Message}";
        }
    }
}
