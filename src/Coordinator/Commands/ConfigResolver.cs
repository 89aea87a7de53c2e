using System.Security.Cryptography;
using System.Text;
using FluxMirror.Coordinator.Cli;
using FluxMirror.Domain.Config;
using FluxMirror.Registry.Model;

namespace FluxMirror.Coordinator.Commands;

/// <summary>A loaded config plus what identifies it for resuming: the digest of its text and where it came from.</summary>
/// <param name="Config">Null only for a config submitted to the cluster that uses a variable this machine does not
/// have: the nodes substitute it from their own environment, so they validate it (with the same messages).</param>
public sealed record LoadedConfig(MirrorConfig? Config, string TextDigest, string Source);

/// <summary>Finds the config of <c>sync</c>: the argument (<c>-</c> = stdin), else <c>FLUX_MIRROR_CONFIG</c>; refuses what this build cannot run (<see cref="ConfigSupport"/>).</summary>
public static class ConfigResolver
{
    public const string EnvironmentVariable = "FLUX_MIRROR_CONFIG";

    /// <param name="submitted">The config is for the cluster: checked by the rules the coordinator applies again
    /// (no node setting, credentials by reference only), so a refusal comes before anything is sent.</param>
    public static LoadedConfig LoadForSync(string? argument, bool noEnvSubst, Func<Stream> stdin, bool submitted = false)
    {
        var path = argument ?? NullIfEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable))
            ?? throw new CliException("config required: pass the config path as the first argument, pass '-' for stdin, or set FLUX_MIRROR_CONFIG");
        try
        {
            var unsetHere = new HashSet<string>(StringComparer.Ordinal);
            var options = new LoadOptions(
                EnvSubst: !noEnvSubst,
                GetEnv: name =>
                {
                    var value = Environment.GetEnvironmentVariable(name);
                    if (value is null)
                    {
                        unsetHere.Add(name);
                    }

                    return value;
                },
                Submitted: submitted ? SubmittedConfigRules.Client : null);

            // In cluster mode credentials are references to the nodes' environment, which this machine often lacks:
            // a failure once a variable was missing here is left to the coordinator, which checks the same rules
            // (node settings, literal credentials, validation) with the values the job will run with.
            // What needs no value is still checked here: a literal credential is refused before anything is sent.
            MirrorConfig? Load(ConfigSource source, Func<byte[]> text)
            {
                try
                {
                    return ConfigLoader.LoadRunnable(source, options);
                }
                catch (ConfigException) when (submitted && unsetHere.Count > 0)
                {
                    return LiteralCredentials.Refusal(Encoding.UTF8.GetString(text()), !noEnvSubst) is { } literal
                        ? throw new CliException(literal)
                        : null;
                }
            }

            if (path == "-")
            {
                var bytes = ReadBounded(stdin());
                return new LoadedConfig(Load(ConfigSource.FromStdin(bytes), () => bytes), Digest(bytes), "stdin");
            }

            var config = Load(ConfigSource.FromFile(path), () => File.ReadAllBytes(path));
            return new LoadedConfig(config, Digest(File.ReadAllBytes(path)), Path.GetFullPath(path));
        }
        catch (ConfigException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    /// <summary>
    /// The config of <c>login</c> and <c>secret</c>: <c>-f/--config</c> (<c>-</c> = stdin), else <c>FLUX_MIRROR_CONFIG</c>,
    /// else <c>&lt;executable&gt;.config</c> next to the binary. Only <c>hosts</c> is used, so a hosts-only config is
    /// valid; the artifacts and charts of a full config are validated but not required to be runnable here.
    /// </summary>
    public static MirrorConfig LoadForHosts(string? flag, bool noEnvSubst, Func<Stream> stdin)
    {
        var path = NullIfEmpty(flag) ?? NullIfEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable)) ?? ExecutableConfigPath();
        var options = new LoadOptions(EnvSubst: !noEnvSubst, RequireEntries: false);
        try
        {
            return path == "-"
                ? ConfigLoader.Load(ConfigSource.FromStdin(ReadBounded(stdin())), options)
                : ConfigLoader.Load(ConfigSource.FromFile(path), options);
        }
        catch (ConfigException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    /// <summary><c>&lt;executable&gt;.config</c>: the reference's default for login and secret (e.g. <c>/usr/local/bin/flux-mirror.config</c>).
    /// Run as <c>dotnet flux-mirror.dll</c>, the executable is the app, not the dotnet host.</summary>
    public static string ExecutableConfigPath()
    {
        var process = Environment.ProcessPath;
        var executable = process is not null && !Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? process
            : Path.Combine(AppContext.BaseDirectory, "flux-mirror");
        return executable + ".config";
    }

    // The digest covers the text as written (before ${VAR} substitution), so no secret value is ever hashed.
    private static string Digest(byte[] text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(text));

    private static byte[] ReadBounded(Stream stdin)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stdin.Read(chunk)) > 0)
        {
            if (buffer.Length + read > ConfigSource.MaxBytes)
            {
                throw new CliException($"read config: stdin: input is larger than the {ConfigSource.MaxBytes / (1024 * 1024)} MiB limit");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
