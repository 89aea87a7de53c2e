using FluxMirror.Domain.Reporting;

namespace FluxMirror.Domain.Config;

/// <summary>Loads a config like the reference: read → envsubst → YAML → model → validate → confine paths.
/// Every failure is a <see cref="ConfigException"/> carrying the one-line user message.</summary>
public static class ConfigLoader
{
    public static MirrorConfig Load(ConfigSource source, LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);

        var text = ConfigFileReader.ReadText(source);
        var baseDirectory = source.IsStdin
            ? Directory.GetCurrentDirectory()
            : Path.GetDirectoryName(Path.GetFullPath(source.Path!))!;
        var config = Parse(text, options, baseDirectory);
        ConfigValidator.Validate(config, options.RequireEntries);
        return PathResolver.Resolve(config);
    }

    /// <summary><see cref="Load"/>, then <see cref="ConfigSupport.Check"/>: a config this build can run here, with
    /// the files it names readable. What the CLI runs before a sync or a submission and the coordinator on submit.</summary>
    public static MirrorConfig LoadRunnable(ConfigSource source, LoadOptions options)
    {
        var config = Load(source, options);
        ConfigSupport.Check(config);
        return config;
    }

    /// <summary>Steps 2–4 only (substitution, YAML, mapping) on text already in memory; no validation, no paths.</summary>
    public static MirrorConfig Parse(string text, LoadOptions options, string baseDirectory)
    {
        if (options.EnvSubst)
        {
            if (!EnvSubst.TrySubstitute(text, options.EffectiveGetEnv, out var substituted, out var error))
            {
                throw new ConfigException("substitute environment variables: " + error);
            }

            text = substituted;
        }

        var root = YamlTreeReader.Read(text) ?? throw new ConfigException("parse config: empty config");
        return ConfigMapper.Map(root, baseDirectory);
    }
}
