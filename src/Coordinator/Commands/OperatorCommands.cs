using FluxMirror.Coordinator.ApiClient;
using FluxMirror.Coordinator.Cli;

namespace FluxMirror.Coordinator.Commands;

/// <summary>
/// Operator commands with Petabridge.Cmd's palette names and output (<c>pbm cluster show</c> becomes
/// <c>flux-mirror cluster show --cluster URL</c>), answered by a coordinator's API.
/// </summary>
public static class OperatorCommands
{
    private static readonly Flag Region = new("region", 'r', FlagKind.String, "", "Shard region type: tag-copy or host-limiter.", "TYPE") { Values = ["tag-copy", "host-limiter"] };

    public static CommandSpec Cluster(CliConsole console) => new(
        "cluster",
        "cluster show|down-unreachable --cluster URL",
        "Show the cluster's members or down the unreachable ones",
        "show: every member as address | [roles] | status | reachability | version, then the count.\n" +
        "down-unreachable: marks every unreachable member Down, so its shards and singletons move.",
        [AskClusterFlags.Operator, ClusterSync.ApiTokenFileFlag],
        1,
        (args, ct) => RunAsync(args, console, verb => verb switch
        {
            "show" => (HttpMethod.Get, "ops/cluster/show"),
            "down-unreachable" => (HttpMethod.Post, "ops/cluster/down-unreachable"),
            _ => null,
        }, "cluster", ct))
    {
        ValidArgs = ["show", "down-unreachable"],
    };

    public static CommandSpec ClusterSharding(CliConsole console) => new(
        "cluster-sharding",
        "cluster-sharding regions|region-stats -r TYPE --cluster URL",
        "Show the shard regions and how shards and entities spread over the members",
        "regions: the shard region types. region-stats -r TYPE: per member, its shards and entities of that type,\n" +
        "with [coordinator](TYPE) on the node hosting the type's shard coordinator.",
        [Region, AskClusterFlags.Operator, ClusterSync.ApiTokenFileFlag],
        1,
        (args, ct) => RunAsync(args, console, verb => verb switch
        {
            "regions" => (HttpMethod.Get, "ops/cluster-sharding/regions"),
            "region-stats" => (HttpMethod.Get, $"ops/cluster-sharding/region-stats/{Uri.EscapeDataString(RequiredRegion(args))}"),
            _ => null,
        }, "cluster-sharding", ct))
    {
        ValidArgs = ["regions", "region-stats"],
    };

    private static async Task<int> RunAsync(ParsedArgs args, CliConsole console, Func<string, (HttpMethod, string)?> route, string command, CancellationToken ct)
    {
        var verb = (args.Positionals.Count > 0 ? args.Positionals[0] : null) ?? throw new CliException($"{command} requires a subcommand");
        var (method, path) = route(verb) ?? throw new CliException($"unknown command \"{verb}\" for \"flux-mirror {command}\"");
        var url = args.String("cluster") is { Length: > 0 } u ? u : throw new CliException($"{command} {verb} requires --cluster URL (a coordinator's API)");
        using var coordinator = CoordinatorApiClient.Create(url.Split(',')[0], ApiTimeouts.Within(GlobalFlags.OperationTimeout(args)), ClusterSync.ApiToken(args, cluster: true));
        await console.Stdout.WriteAsync(await coordinator.TextAsync(method, path, ct));
        return 0;
    }

    private static string RequiredRegion(ParsedArgs args) =>
        args.String("region") is { Length: > 0 } r ? r : throw new CliException("region-stats requires -r TYPE (tag-copy or host-limiter)");
}
