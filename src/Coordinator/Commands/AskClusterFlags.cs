using FluxMirror.Coordinator.Cli;

namespace FluxMirror.Coordinator.Commands;

/// <summary>
/// <c>--cluster</c> of the commands that only ask a coordinator. Same name as sync's, which runs the job on the
/// cluster; here the flag says where to ask, so its help says that.
/// </summary>
public static class AskClusterFlags
{
    public static readonly Flag Job = new("cluster", null, FlagKind.String, "", "Ask a flux-mirror cluster instead of the local state directory: the coordinator's API URL (e.g. http://127.0.0.1:8080).", "URL") { ValueCompletion = ShellCompDirective.NoFileComp };

    public static readonly Flag Operator = new("cluster", null, FlagKind.String, "", "The coordinator API URL of the flux-mirror cluster to ask (e.g. http://127.0.0.1:8080); of a comma-separated list, the first.", "URL") { ValueCompletion = ShellCompDirective.NoFileComp };
}
