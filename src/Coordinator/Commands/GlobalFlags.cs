using FluxMirror.Coordinator.Cli;

namespace FluxMirror.Coordinator.Commands;

/// <summary>Flags every command accepts.</summary>
public static class GlobalFlags
{
    public static readonly Flag Timeout = new("timeout", null, FlagKind.Duration, "1m0s", "default operation timeout");
    public static readonly Flag NoEnvSubst = new("no-envsubst", null, FlagKind.Bool, "false", "disable environment variable substitution in the config");

    public static IReadOnlyList<Flag> All { get; } = [Timeout, NoEnvSubst];
}
