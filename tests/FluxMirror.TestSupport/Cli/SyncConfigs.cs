namespace FluxMirror.TestSupport.Cli;

/// <summary>Small config builders for sync tests.</summary>
public static class SyncConfigs
{
    public const string Header = "apiVersion: mirror.plugin.fluxcd.io/v1beta1\nkind: Config\n";

    public static string Artifact(string source, string destination, string selector = "semver: \"*\"\n      limit: 0", string extra = "") =>
        $"  - source: {source}\n    destination: {destination}\n    selector:\n      {selector}\n{extra}";

    public static string Config(params string[] artifacts) => Header + "artifacts:\n" + string.Concat(artifacts);
}
