using FluxMirror.Domain.Config;

namespace FluxMirror.Tests.Unit.Domain.Config;

/// <summary>Shared snippets and load helpers for the config tests.</summary>
internal static class ConfigText
{
    public const string Header = "apiVersion: mirror.plugin.fluxcd.io/v1beta1\nkind: Config\n";

    /// <summary>A valid artifact that touches neither the regex nor the semver engine.</summary>
    public const string Artifact = "artifacts: [{source: ghcr.io/org/app, destination: quay.io/org/app}]\n";

    public static readonly LoadOptions NoEnv = new(GetEnv: _ => null);

    public static LoadOptions Env(params (string Name, string Value)[] vars)
    {
        var map = vars.ToDictionary(v => v.Name, v => v.Value);
        return new LoadOptions(GetEnv: name => map.GetValueOrDefault(name));
    }

    public static MirrorConfig Load(string yaml, LoadOptions? options = null) =>
        ConfigLoader.Load(ConfigSource.FromStdin(yaml), options ?? NoEnv);

    /// <summary>The message of the <see cref="ConfigException"/> the load throws, asserted to be one line.</summary>
    public static string ErrorOf(string yaml, LoadOptions? options = null) => ErrorOf(() => Load(yaml, options));

    public static string ErrorOf(Action load)
    {
        var e = Assert.Throws<ConfigException>(load);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\r', e.Message);
        return e.Message;
    }
}
