using FluxMirror.Coordinator.Cli;
using FluxMirror.Domain.Signatures.Cosign;

namespace FluxMirror.Coordinator.Commands;

/// <summary>
/// Where the trust of <c>verify</c> comes from: the <c>--sigstore-*</c> flags, else their <c>FLUX_MIRROR_SIGSTORE_*</c>
/// variables (a flag wins over its variable). The files are read here, by the CLI, and their bytes travel with the
/// job, so a cluster coordinator verifies with the same trust as the submitting machine. Harmless without verify.
/// </summary>
public static class SigstoreFlags
{
    public const string TrustedRootVariable = "FLUX_MIRROR_SIGSTORE_TRUSTED_ROOT";
    public const string TufUrlVariable = "FLUX_MIRROR_SIGSTORE_TUF_URL";
    public const string TufRootVariable = "FLUX_MIRROR_SIGSTORE_TUF_ROOT";

    public static readonly Flag TrustedRoot = new("sigstore-trusted-root", null, FlagKind.String, "", $"Sigstore trusted root JSON (trusted_root.json) to verify signatures with, nothing fetched: air-gapped or private Sigstore (default ${TrustedRootVariable}). Not with --sigstore-tuf-url.", "FILE");
    public static readonly Flag TufUrl = new("sigstore-tuf-url", null, FlagKind.String, "", $"TUF repository to fetch the Sigstore trusted root from instead of the public-good one; needs --sigstore-tuf-root (default ${TufUrlVariable}). The TUF cache is $XDG_CACHE_HOME/flux-mirror/tuf, else ~/.cache/flux-mirror/tuf, on the node that plans.", "URL") { ValueCompletion = ShellCompDirective.NoFileComp };
    public static readonly Flag TufRoot = new("sigstore-tuf-root", null, FlagKind.String, "", $"Initial root.json of the --sigstore-tuf-url repository (default ${TufRootVariable}).", "FILE");

    public static IReadOnlyList<Flag> All { get; } = [TrustedRoot, TufUrl, TufRoot];

    /// <summary>The job's Sigstore trust, or null for the public-good Sigstore; throws <see cref="CliException"/> with the first problem.</summary>
    public static SigstoreOptions? Read(ParsedArgs args, Func<string, string?> getEnv)
    {
        var trustedRoot = Setting(args, getEnv, TrustedRoot, TrustedRootVariable);
        var tufUrl = Setting(args, getEnv, TufUrl, TufUrlVariable);
        var tufRoot = Setting(args, getEnv, TufRoot, TufRootVariable);
        if (trustedRoot is not null && tufUrl is not null)
        {
            throw new CliException($"{trustedRoot.Value.Name} and {tufUrl.Value.Name} are mutually exclusive: a trusted root file is used as is, nothing is fetched");
        }

        if (tufUrl is not null && tufRoot is null)
        {
            throw new CliException($"{tufUrl.Value.Name} needs --sigstore-tuf-root (or ${TufRootVariable}): the repository's initial root.json");
        }

        if (tufRoot is not null && tufUrl is null)
        {
            throw new CliException($"{tufRoot.Value.Name} applies only with --sigstore-tuf-url (or ${TufUrlVariable})");
        }

        if (trustedRoot is { } root)
        {
            return new SigstoreOptions(TrustedRootJson: ReadFile(root));
        }

        if (tufUrl is { } url)
        {
            return new SigstoreOptions(TufUrl: ParseUrl(url), TufInitialRoot: ReadFile(tufRoot!.Value));
        }

        return null;
    }

    // A flag given (even empty) wins over its variable; an empty value is a mistake, not "unset".
    private static (string Name, string Value)? Setting(ParsedArgs args, Func<string, string?> getEnv, Flag flag, string variable)
    {
        if (args.IsSet(flag.Name))
        {
            var value = args.String(flag.Name);
            return value.Length > 0 ? ($"--{flag.Name}", value) : throw new CliException($"--{flag.Name} needs a value");
        }

        return getEnv(variable) is { Length: > 0 } fromEnv ? ($"${variable}", fromEnv) : null;
    }

    private static Uri ParseUrl((string Name, string Value) setting) =>
        Uri.TryCreate(setting.Value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) && url.Host.Length > 0
            ? url
            : throw new CliException($"invalid argument \"{setting.Value}\" for \"{setting.Name}\": not an http or https URL");

    private static byte[] ReadFile((string Name, string Path) setting)
    {
        var reason = "";
        try
        {
            if (Directory.Exists(setting.Path))
            {
                reason = $"read {setting.Path}: is a directory";
            }
            else
            {
                var bytes = File.ReadAllBytes(setting.Path);
                return bytes.Length > 0 ? bytes : throw new CliException($"{setting.Name}: {setting.Path} is empty");
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            reason = $"open {setting.Path}: no such file or directory";
        }
        catch (UnauthorizedAccessException)
        {
            reason = $"open {setting.Path}: permission denied";
        }
        catch (IOException e)
        {
            reason = $"open {setting.Path}: {e.Message}";
        }

        throw new CliException($"{setting.Name}: {reason}");
    }
}
