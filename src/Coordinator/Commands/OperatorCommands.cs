using FluxMirror.Actors.Nodes;
using FluxMirror.Coordinator.ApiClient;
using FluxMirror.Coordinator.Cli;

namespace FluxMirror.Coordinator.Commands;

/// <summary>
/// Operator commands with Petabridge.Cmd's palette names and output (<c>pbm cluster show</c> becomes
/// <c>flux-mirror cluster show</c>). Without --cluster they ask this machine's node on its loopback operator port
/// (127.0.0.1:9110, or $FLUX_MIRROR_OPERATOR_PORT), as <c>kubectl exec POD -- flux-mirror cluster show</c> does;
/// with --cluster URL, a coordinator's authenticated API.
/// </summary>
public static class OperatorCommands
{
    private static readonly Flag Region = new("region", 'r', FlagKind.String, "", "Shard region type: tag-copy, host-limiter or blob-ledger.", "TYPE") { Values = ["tag-copy", "host-limiter", "blob-ledger"] };
    private static readonly Flag Role = new("role", 'r', FlagKind.String, "", "leader: the leader of this role (coordinator or worker) instead of the cluster's.", "ROLE") { Values = ["coordinator", "worker"] };
    private static readonly Flag Address = new("address", 'a', FlagKind.String, "", "The member's address, as cluster show prints it (akka.tcp://flux-mirror@host:port).", "ADDRESS");
    private static readonly Flag Start = new("start", 's', FlagKind.String, "", "hierarchy: only the actors under this path (e.g. /system/sharding).", "PATH");
    private static readonly Flag Depth = new("depth", 'd', FlagKind.Int, "0", "hierarchy: how many levels below the guardians (0 = all).", "N");

    public static CommandSpec Cluster(CliConsole console) => new(
        "cluster",
        "cluster show|leader|join|leave|down|down-unreachable|tail [flags]",
        "Show and change the cluster's membership",
        "show: every member as address | [roles] | status | reachability | version, then the count.\n" +
        "leader [-r ROLE]: the leader's address. join -a ADDRESS: the answering node joins the cluster of ADDRESS.\n" +
        "leave [-a ADDRESS]: that member (the answering node if omitted) leaves gracefully. down -a ADDRESS: mark a member Down.\n" +
        "down-unreachable: marks every unreachable member Down, so its shards and singletons move.\n" +
        "tail: membership and reachability events as they happen, until Ctrl-C.\n" + Target,
        [Role, Address, AskClusterFlags.Operator, ClusterSync.ApiTokenFileFlag],
        1,
        (args, ct) => RunAsync(args, console, "cluster", verb => verb switch
        {
            "show" => Get("ops/cluster/show"),
            "leader" => Get("ops/cluster/leader" + Query(("role", args.String("role")))),
            "join" => Post("ops/cluster/join" + Query(("address", Required(args, "address", "join")))),
            "leave" => Post("ops/cluster/leave" + Query(("address", args.String("address")))),
            "down" => Post("ops/cluster/down" + Query(("address", Required(args, "address", "down")))),
            "down-unreachable" => Post("ops/cluster/down-unreachable"),
            "tail" => new Route(HttpMethod.Get, "ops/cluster/tail", Streams: true),
            _ => null,
        }, ct))
    {
        ValidArgs = ["show", "leader", "join", "leave", "down", "down-unreachable", "tail"],
    };

    public static CommandSpec ClusterSharding(CliConsole console) => new(
        "cluster-sharding",
        "cluster-sharding regions|region-stats|shard-stats|fetch-entities [-r TYPE] [flags]",
        "Show the shard regions and how shards and entities spread over the members",
        "regions: the shard region types. region-stats -r TYPE: per member, its shards and entities of that type,\n" +
        "with [coordinator](TYPE) on the node hosting the type's shard coordinator.\n" +
        "shard-stats -r TYPE: the answering node's shards of that type and their entity counts.\n" +
        "fetch-entities -r TYPE: the answering node's entities of that type, as SHARD | ENTITY.\n" + Target,
        [Region, AskClusterFlags.Operator, ClusterSync.ApiTokenFileFlag],
        1,
        (args, ct) => RunAsync(args, console, "cluster-sharding", verb => verb switch
        {
            "regions" => Get("ops/cluster-sharding/regions"),
            "region-stats" or "shard-stats" or "fetch-entities" => Get($"ops/cluster-sharding/{verb}/{Uri.EscapeDataString(Required(args, "region", verb))}"),
            _ => null,
        }, ct))
    {
        ValidArgs = ["regions", "region-stats", "shard-stats", "fetch-entities"],
    };

    public static CommandSpec Actor(CliConsole console) => new(
        "actor",
        "actor hierarchy [-s PATH] [-d N] [flags]",
        "Show the answering node's actors",
        "hierarchy: every actor's path, sorted, /system before /user (at most 10 000 lines).\n" + Target,
        [Start, Depth, AskClusterFlags.Operator, ClusterSync.ApiTokenFileFlag],
        1,
        (args, ct) => RunAsync(args, console, "actor", verb => verb switch
        {
            "hierarchy" => Get("ops/actor/hierarchy" + Query(("start", args.String("start")), ("depth", args.Int("depth") > 0 ? args.Int("depth").ToString(System.Globalization.CultureInfo.InvariantCulture) : ""))),
            _ => null,
        }, ct))
    {
        ValidArgs = ["hierarchy"],
    };

    public static CommandSpec RateLimit(CliConsole console) => new(
        "ratelimit",
        "ratelimit show | ratelimit set HOST N[/RPS] [flags]",
        "Show or change the registry hosts' shared request budgets",
        "show: per registry host with a limiter, HOST | budget | limit (adaptive) | in use | waiting | rate | paused until.\n" +
        "set HOST N[/RPS]: at most N requests in flight to HOST across the cluster and, with /RPS, RPS requests per\n" +
        "second (0 = no rate limit). It holds until the limiter restarts; FLUX_MIRROR_HOST_LIMITS makes it permanent.\n" + Target,
        [AskClusterFlags.Operator, ClusterSync.ApiTokenFileFlag],
        3,
        (args, ct) => RunAsync(args, console, "ratelimit", verb => verb switch
        {
            "show" => Get("ops/ratelimit/show"),
            "set" when args.Positionals.Count == 3 => Post("ops/ratelimit/set" + Query(("host", args.Positionals[1]), ("limit", args.Positionals[2]))),
            "set" => throw new CliException("ratelimit set requires HOST and N[/RPS], e.g. ratelimit set registry-1.docker.io 4/2"),
            _ => null,
        }, ct))
    {
        ValidArgs = ["show", "set"],
    };

    private const string Target =
        "Asks this machine's node on its loopback operator port (127.0.0.1:9110 or $FLUX_MIRROR_OPERATOR_PORT; inside a pod:\n" +
        "kubectl exec POD -- flux-mirror …), or with --cluster URL a coordinator's API (with its API token).";

    private sealed record Route(HttpMethod Method, string Path, bool Streams = false);

    private static Route Get(string path) => new(HttpMethod.Get, path);

    private static Route Post(string path) => new(HttpMethod.Post, path);

    private static async Task<int> RunAsync(ParsedArgs args, CliConsole console, string command, Func<string, Route?> route, CancellationToken ct)
    {
        var verb = (args.Positionals.Count > 0 ? args.Positionals[0] : null) ?? throw new CliException($"{command} requires a subcommand");
        var target = route(verb) ?? throw new CliException($"unknown command \"{verb}\" for \"flux-mirror {command}\"");
        var url = args.String("cluster");
        var viaApi = url.Length > 0;
        using var node = CoordinatorApiClient.Create(
            viaApi ? url.Split(',')[0] : OperatorPortUrl(Environment.GetEnvironmentVariable),
            target.Streams ? ApiTimeouts.Default : ApiTimeouts.Within(GlobalFlags.OperationTimeout(args)),
            ClusterSync.ApiToken(args, cluster: viaApi));
        if (!target.Streams)
        {
            await console.Stdout.WriteAsync(await node.TextAsync(target.Method, target.Path, ct));
            return 0;
        }

        try
        {
            await foreach (var line in node.StreamLinesAsync(target.Path, ct))
            {
                if (line.Length > 0)
                {
                    await console.Stdout.WriteLineAsync(line);
                    await console.Stdout.FlushAsync(ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C ends a tail: not an error.
        }

        return 0;
    }

    /// <summary>The loopback operator port of this machine's node.</summary>
    public static string OperatorPortUrl(Func<string, string?> getEnv)
    {
        var text = getEnv(NodePorts.OperatorVariable);
        var port = NodePorts.DefaultOperatorPort;
        if (!string.IsNullOrWhiteSpace(text) && (!int.TryParse(text, out port) || port is < 1 or > 65535))
        {
            throw new CliException($"${NodePorts.OperatorVariable} must be the node's operator port (1-65535), got \"{text}\"; or give --cluster URL");
        }

        return $"http://127.0.0.1:{port}";
    }

    private static string Required(ParsedArgs args, string flag, string verb) =>
        args.String(flag) is { Length: > 0 } value ? value : throw new CliException($"{verb} requires --{flag} ({Flags(flag)})");

    private static string Flags(string flag) => flag switch
    {
        "region" => "-r TYPE: tag-copy, host-limiter or blob-ledger",
        "address" => "-a ADDRESS, as cluster show prints it",
        _ => "--" + flag,
    };

    private static string Query(params (string Name, string Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value.Length > 0).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join("&", given);
    }
}
