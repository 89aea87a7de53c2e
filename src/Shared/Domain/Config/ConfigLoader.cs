using FluxMirror.Domain.Reporting;

namespace FluxMirror.Domain.Config;

/// <summary>Loads a config like the reference: read → envsubst → YAML → model → validate → confine paths.
/// Every failure is a <see cref="ConfigException"/> carrying the one-line user message, in which a value that came
/// from a <c>${NAME}</c> substitution is shown as <c>${NAME}</c> (<see cref="SubstitutedValues"/>).</summary>
public static class ConfigLoader
{
    public static MirrorConfig Load(ConfigSource source, LoadOptions options) => Load(source, options, runnable: false);

    /// <summary><see cref="Load"/>, then <see cref="ConfigSupport.Check"/>: a config this build can run here, with
    /// the files it names readable. What the CLI runs before a sync or a submission and the coordinator on submit.</summary>
    public static MirrorConfig LoadRunnable(ConfigSource source, LoadOptions options) => Load(source, options, runnable: true);

    /// <summary>Steps 2–4 only (substitution, YAML, mapping) on text already in memory; no validation, no paths.</summary>
    public static MirrorConfig Parse(string text, LoadOptions options, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var substituted = Substitute(text, options);
        return Masked(substituted, () => ParseSubstituted(substituted.Text, baseDirectory));
    }

    private static MirrorConfig Load(ConfigSource source, LoadOptions options, bool runnable)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);

        var text = ConfigFileReader.ReadText(source);
        var baseDirectory = source.IsStdin
            ? Directory.GetCurrentDirectory()
            : Path.GetDirectoryName(Path.GetFullPath(source.Path!))!;
        var substituted = Substitute(text, options);
        var config = Masked(substituted, () =>
        {
            var parsed = ParseSubstituted(substituted.Text, baseDirectory);
            ConfigValidator.Validate(parsed, options.RequireEntries);
            var resolved = PathResolver.Resolve(parsed);
            if (runnable)
            {
                ConfigSupport.Check(resolved);
            }

            return resolved;
        });

        // Checked on the text as written, once it is known to be a valid config: a reference and a literal only
        // differ before substitution.
        if (options.Submitted is not null && LiteralCredentials.Refusal(text, options.EnvSubst) is { } literal)
        {
            throw new ConfigException(literal);
        }

        return config;
    }

    // A submitted config's variables are checked before any is looked up: a node setting is never read for it.
    private static Substituted Substitute(string text, LoadOptions options)
    {
        if (!options.EnvSubst)
        {
            return new Substituted(text, []);
        }

        if (options.Submitted?.Refusal(text) is { } refusal)
        {
            throw new ConfigException(refusal);
        }

        return EnvSubst.TrySubstitute(text, options.EffectiveGetEnv, out var result, out var substitutions, out var error)
            ? new Substituted(result, substitutions)
            : throw new ConfigException("substitute environment variables: " + error);
    }

    private static MirrorConfig ParseSubstituted(string text, string baseDirectory)
    {
        var root = YamlTreeReader.Read(text) ?? throw new ConfigException("parse config: empty config");
        return ConfigMapper.Map(root, baseDirectory);
    }

    private static MirrorConfig Masked(Substituted substituted, Func<MirrorConfig> step)
    {
        try
        {
            return step();
        }
        catch (ConfigException ex) when (substituted.Substitutions.Count > 0)
        {
            throw new ConfigException(SubstitutedValues.Mask(ex.Message, substituted.Substitutions));
        }
    }

    private sealed record Substituted(string Text, IReadOnlyList<EnvSubstitution> Substitutions);
}
