using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Configuration;
using FluxMirror.Actors.Nodes;
using FluxMirror.Hosting.Nodes;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;
using Microsoft.Extensions.Hosting;
using AkkaCluster = Akka.Cluster.Cluster;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>
/// The operator palettes on a node's loopback operator port, as <c>kubectl exec POD -- flux-mirror …</c> runs them: the
/// real CLI process asks the worker it runs beside, without a token; the same routes answer through the API.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class OperatorPortTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_cluster_palette_answers_on_a_workers_operator_port()
    {
        await using var side = await OperatorPortAsync(fixture.Cluster.Workers[0]);
        using var cli = new FluxMirrorCli();
        var members = fixture.Cluster.Coordinators.Concat(fixture.Cluster.Workers).Select(InProcessCluster.Address).ToList();

        var show = await RunAsync(cli, side, "cluster", "show");
        var leader = await RunAsync(cli, side, "cluster", "leader");
        var workerLeader = await RunAsync(cli, side, "cluster", "leader", "-r", "worker");
        var viaApi = await cli.RunAsync(["cluster", "leader", "--cluster", fixture.Cluster.HttpUrl]);

        Assert.EndsWith($"Count: {members.Count} nodes\n", show.StandardOutput);
        Assert.Contains(leader.StandardOutput.TrimEnd('\n'), members);
        Assert.Contains(workerLeader.StandardOutput.TrimEnd('\n'), fixture.Cluster.Workers.Select(InProcessCluster.Address));
        Assert.Equal(leader.StandardOutput, viaApi.StandardOutput);
    }

    [Fact]
    public async Task Membership_changes_are_refused_with_one_line_when_they_would_do_nothing()
    {
        await using var side = await OperatorPortAsync(fixture.Cluster.Workers[0]);
        using var cli = new FluxMirrorCli();

        var stranger = await cli.RunAsync(["cluster", "down", "-a", "akka.tcp://flux-mirror@127.0.0.1:1"], Env(side));
        var noAddress = await cli.RunAsync(["cluster", "join"], Env(side));
        var garbage = await cli.RunAsync(["cluster", "leave", "-a", "not an address"], Env(side));

        Assert.Equal((1, "✗ akka.tcp://flux-mirror@127.0.0.1:1 is not a member of this cluster (see cluster show)\n"), (stranger.ExitCode, stranger.StandardError));
        Assert.Equal((1, "✗ join requires --address (-a ADDRESS, as cluster show prints it)\n"), (noAddress.ExitCode, noAddress.StandardError));
        Assert.Equal((1, "✗ \"not an address\" is not an actor system address (akka.tcp://flux-mirror@host:port)\n"), (garbage.ExitCode, garbage.StandardError));
    }

    [Fact]
    public async Task Tail_streams_the_members_then_a_node_that_joins_and_leaves_when_told()
    {
        await using var side = await OperatorPortAsync(fixture.Cluster.Workers[0]);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var stream = new StreamReader(await http.GetStreamAsync(side.Operator!.Url + "/ops/cluster/tail", Ct));
        var members = fixture.Cluster.Coordinators.Concat(fixture.Cluster.Workers).Select(InProcessCluster.Address).ToHashSet();

        var current = new List<string>();
        while (current.Count < members.Count)
        {
            current.Add(await NextEventAsync(stream));
        }

        Assert.All(current, l => Assert.Matches(TailLine(), l));
        Assert.Equal(members, current.Select(l => l.Split(' ')[2]).ToHashSet());

        // A bare member with a role no shard region uses joins, then leaves because an operator says so.
        var probe = ActorSystem.Create("flux-mirror", ConfigurationFactory.ParseString($$"""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.cluster { roles = [probe], seed-nodes = ["{{InProcessCluster.Address(fixture.Cluster.Coordinator)}}"] }
            akka.loglevel = WARNING
            akka.stdout-loglevel = OFF
            """));
        var probeAddress = AkkaCluster.Get(probe).SelfAddress.ToString();
        await SkipUntilAsync(stream, l => l.Contains(" MemberUp " + probeAddress + " ", StringComparison.Ordinal));

        using var cli = new FluxMirrorCli();
        var leave = await RunAsync(cli, side, "cluster", "leave", "-a", probeAddress);

        Assert.Equal($"leaving {probeAddress}\n", leave.StandardOutput);
        await SkipUntilAsync(stream, l => l.Contains(" MemberRemoved " + probeAddress + " ", StringComparison.Ordinal));
        await probe.WhenTerminated.WaitAsync(Patience, Ct);

        // The fixture's cluster is shared: every node must have seen the probe go before the next test counts members.
        await Eventually.TrueAsync(
            () => Task.FromResult(fixture.Cluster.Coordinators.Concat(fixture.Cluster.Workers)
                .All(n => AkkaCluster.Get(InProcessCluster.System(n)).State.Members.All(m => m.Address.ToString() != probeAddress))),
            Patience,
            "every node to remove the probe",
            Ct);
    }

    [Fact]
    public async Task Sharding_actor_and_ratelimit_palettes_show_what_the_workers_host()
    {
        using var src = new RegistrySeeder(fixture.Source);
        await src.PushImageAsync("ops/port", "1.0.0", layers: 1, layerSize: 256, ct: Ct);
        using var cli = new FluxMirrorCli();
        var sync = await cli.SyncAsync(SyncConfigs.Config(SyncConfigs.Artifact($"{fixture.Source.Host}/ops/port", $"{fixture.Destination.Host}/ops/port")), "--cluster", fixture.Cluster.HttpUrl);
        Assert.True(sync.ExitCode == 0, sync.StandardError);
        await using var first = await OperatorPortAsync(fixture.Cluster.Workers[0]);
        await using var second = await OperatorPortAsync(fixture.Cluster.Workers[1]);

        var regions = await RunAsync(cli, first, "cluster-sharding", "regions");
        var entities = (await RunAsync(cli, first, "cluster-sharding", "fetch-entities", "-r", "host-limiter")).StandardOutput
            + (await RunAsync(cli, second, "cluster-sharding", "fetch-entities", "-r", "host-limiter")).StandardOutput;
        var shardStats = await RunAsync(cli, first, "cluster-sharding", "shard-stats", "-r", "tag-copy");
        var hierarchy = await RunAsync(cli, first, "actor", "hierarchy", "-s", "/system/sharding", "-d", "3");

        Assert.Equal("tag-copy\nhost-limiter\nblob-ledger\n", regions.StandardOutput);
        Assert.Contains($" | {fixture.Source.Host}\n", entities);
        Assert.Contains($" | {fixture.Destination.Host}\n", entities);
        Assert.Matches(@"Count: \d+ shards, \d+ entities\n$", shardStats.StandardOutput);
        var paths = hierarchy.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("/system/sharding/tag-copy", paths);
        Assert.All(paths, p => Assert.StartsWith("/system/sharding", p, StringComparison.Ordinal));
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);

        var before = HostLine((await RunAsync(cli, first, "ratelimit", "show")).StandardOutput, fixture.Source.Host);
        var budget = Regex.Match(before, @"\| budget: (\d+) \|").Groups[1].Value;
        try
        {
            var set = await RunAsync(cli, second, "ratelimit", "set", fixture.Source.Host, "3/5");
            var after = HostLine((await RunAsync(cli, first, "ratelimit", "show")).StandardOutput, fixture.Source.Host);

            Assert.StartsWith($"{fixture.Source.Host} | budget: 3 | limit: 3 | in use: 0 | waiting: 0 | rate: 5/s | paused until: -\n", set.StandardOutput);
            Assert.Equal($"{fixture.Source.Host} | budget: 3 | limit: 3 | in use: 0 | waiting: 0 | rate: 5/s | paused until: -", after);
        }
        finally
        {
            await RunAsync(cli, first, "ratelimit", "set", fixture.Source.Host, budget + "/0");
        }

        var refused = await cli.RunAsync(["ratelimit", "set", fixture.Source.Host, "0"], Env(first));
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("✗ ratelimit set takes HOST N[/RPS] with N ≥ 1", refused.StandardError);
    }

    private static async Task<NodeSideServers> OperatorPortAsync(IHost node) =>
        await NodeSideServers.StartAsync(node.Services, new NodePorts(0, "127.0.0.1", null), m => Assert.Fail(m), Ct);

    private static Dictionary<string, string?> Env(NodeSideServers side) =>
        new() { [NodePorts.OperatorVariable] = new Uri(side.Operator!.Url).Port.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private static async Task<ProcessResult> RunAsync(FluxMirrorCli cli, NodeSideServers side, params string[] args)
    {
        var result = await cli.RunAsync(args, Env(side));
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', args)}: exit {result.ExitCode}: {result.StandardError}");
        return result;
    }

    private static string HostLine(string show, string host) =>
        Assert.Single(show.Split('\n'), l => l.StartsWith(host + " | ", StringComparison.Ordinal));

    private static async Task<string> NextEventAsync(StreamReader stream)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(Patience);
        while (true)
        {
            var line = await stream.ReadLineAsync(deadline.Token) ?? throw new InvalidOperationException("the tail ended");
            if (line.Length > 0)
            {
                return line;
            }
        }
    }

    private static async Task SkipUntilAsync(StreamReader stream, Func<string, bool> wanted)
    {
        while (!wanted(await NextEventAsync(stream)))
        {
        }
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z MemberUp akka\.tcp://flux-mirror@127\.0\.0\.1:\d+ \| \[(coordinator|worker)\] \| up \|  \| \S+$")]
    private static partial Regex TailLine();
}
