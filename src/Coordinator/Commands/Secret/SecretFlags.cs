using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Kubernetes;

namespace FluxMirror.Coordinator.Commands.Secret;

/// <summary>The flags of <c>secret</c>: the reference's own, our <c>--export</c>, then kubectl's connection flags.</summary>
public static class SecretFlags
{
    public static readonly Flag Config = new("config", 'f', FlagKind.String, string.Empty, "Path to the flux-mirror config, or - for stdin (default $FLUX_MIRROR_CONFIG, else <executable>.config)");
    public static readonly Flag Host = new("host", null, FlagKind.StringList, string.Empty, "Registry host from the config to include; repeatable, defaults to all hosts");
    public static readonly Flag Create = new("create", null, FlagKind.Bool, "false", "Fail if the Secret already exists instead of replacing it");
    public static readonly Flag Export = new("export", null, FlagKind.Bool, "false", "Print the Secret as a YAML manifest on stdout instead of writing it (no API call; namespace only from -n)");

    public static IReadOnlyList<Flag> All { get; } = [Config, Host, Create, Export, .. KubeFlags.All, GlobalFlags.NoEnvSubst];
}
