using System.Text.RegularExpressions;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>The real flux-mirror executable with <c>--cluster</c> prints and exits exactly like the embedded run.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ClusterCliTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sync_with_cluster_gives_the_same_output_and_exit_code_as_embedded()
    {
        using var src = new RegistrySeeder(fixture.Source);
        for (var i = 0; i < 6; i++)
        {
            await src.PushImageAsync("cli/app", $"2.0.{i}", layers: 1, layerSize: 256, ct: Ct);
        }

        using var cli = new FluxMirrorCli();
        var cluster = await cli.SyncAsync(Config("cli/cluster"), "--cluster", fixture.Cluster.HttpUrl);
        var embedded = await cli.SyncAsync(Config("cli/embedded"));

        Assert.Equal(0, embedded.ExitCode);
        Assert.True(cluster.ExitCode == embedded.ExitCode, $"cluster exit {cluster.ExitCode}: {cluster.StandardError}");
        Assert.Contains("Summary: 6 copied in ", cluster.StandardOutput);
        Assert.Equal(Normalized(embedded.StandardOutput, "cli/embedded"), Normalized(cluster.StandardOutput, "cli/cluster"));
    }

    [Fact]
    public async Task An_invalid_config_fails_locally_with_the_embedded_message()
    {
        using var cli = new FluxMirrorCli();
        var bad = SyncConfigs.Header + "artifacts:\n  - source: ''\n    destination: x\n";

        var cluster = await cli.SyncAsync(bad, "--cluster", fixture.Cluster.HttpUrl);
        var embedded = await cli.SyncAsync(bad);

        Assert.Equal(1, cluster.ExitCode);
        Assert.StartsWith("✗ ", cluster.StandardError);
        Assert.Equal(embedded.StandardError, cluster.StandardError);
    }

    [Fact]
    public async Task Job_list_and_show_with_cluster_read_the_coordinators_jobs_and_who_ran_what()
    {
        using var src = new RegistrySeeder(fixture.Source);
        for (var i = 0; i < 12; i++)
        {
            await src.PushImageAsync("cli/show", $"3.0.{i}", layers: 1, layerSize: 256, ct: Ct);
        }

        using var cli = new FluxMirrorCli();
        var config = SyncConfigs.Config(SyncConfigs.Artifact($"{fixture.Source.Host}/cli/show", $"{fixture.Destination.Host}/cli/shown"));
        var sync = await cli.SyncAsync(config, "--cluster", fixture.Cluster.HttpUrl, "-o", "json");
        Assert.True(sync.ExitCode == 0, sync.StandardError);

        var list = await cli.RunAsync(["job", "list", "--cluster", fixture.Cluster.HttpUrl]);
        Assert.True(list.ExitCode == 0, list.StandardError);
        var jobId = list.StandardOutput.Split('\n').Skip(1).Select(l => l.Split(' ')[0]).First(l => l.Length > 0);

        var show = await cli.RunAsync(["job", "show", jobId, "--cluster", fixture.Cluster.HttpUrl]);
        Assert.True(show.ExitCode == 0, show.StandardError);
        Assert.Contains($"job:       {jobId}\n", show.StandardOutput);
        Assert.Contains("status:    finished (exit 0)\n", show.StandardOutput);
        Assert.Contains("tags:      12/12 done (12 copied)\n", show.StandardOutput);
        var perWorker = show.StandardOutput.Split('\n').SkipWhile(l => l != "workers:").Skip(1).Where(l => l.Length > 0).ToList();
        Assert.Equal(12, perWorker.Sum(l => int.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])));
        Assert.All(perWorker, l => Assert.Contains(l.Trim().Split(' ')[0], fixture.Cluster.Workers.Select(InProcessCluster.Address)));

        var missing = await cli.RunAsync(["job", "show", "no-such-job", "--cluster", fixture.Cluster.HttpUrl]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("✗ job no-such-job not found\n", missing.StandardError);
    }

    [Fact]
    public async Task Operator_commands_show_members_and_shard_spread_in_pbm_format()
    {
        using var src = new RegistrySeeder(fixture.Source);
        await src.PushImageAsync("cli/ops", "4.0.0", layers: 1, layerSize: 256, ct: Ct);
        using var cli = new FluxMirrorCli();
        var url = fixture.Cluster.HttpUrl;
        var sync = await cli.SyncAsync(SyncConfigs.Config(SyncConfigs.Artifact($"{fixture.Source.Host}/cli/ops", $"{fixture.Destination.Host}/cli/ops")), "--cluster", url);
        Assert.True(sync.ExitCode == 0, sync.StandardError);

        var show = await cli.RunAsync(["cluster", "show", "--cluster", url]);
        Assert.True(show.ExitCode == 0, show.StandardError);
        var members = show.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Count: 3 nodes", members[^1]);
        Assert.All(members[..^1], l => Assert.Matches(MemberLine(), l));
        Assert.Single(members, l => l.Contains("| [coordinator] |", StringComparison.Ordinal));
        Assert.Equal(2, members.Count(l => l.Contains("| [worker] |", StringComparison.Ordinal)));

        var stats = await cli.RunAsync(["cluster-sharding", "region-stats", "-r", "tag-copy", "--cluster", url]);
        Assert.True(stats.ExitCode == 0, stats.StandardError);
        var regions = stats.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, regions.Length);
        var coordinatorHost = Assert.Single(regions, l => l.Contains(" [coordinator](tag-copy) |", StringComparison.Ordinal));
        Assert.Contains("| [worker] |", coordinatorHost);
        Assert.All(regions, l => Assert.Matches(@" \| shards: \d+ \| entities: \d+$", l));
        Assert.Contains(regions, l => !l.EndsWith("| shards: 0 | entities: 0", StringComparison.Ordinal));

        var unknown = await cli.RunAsync(["cluster-sharding", "region-stats", "-r", "nope", "--cluster", url]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("✗ unknown region type \"nope\" on this node: one of tag-copy, host-limiter, blob-ledger\n", unknown.StandardError);
    }

    [GeneratedRegex(@"^akka\.tcp://flux-mirror@127\.0\.0\.1:\d+ \| \[(coordinator|worker)\] \| up \|  \| \S+$")]
    private static partial Regex MemberLine();

    private string Config(string destinationRepo) =>
        SyncConfigs.Config(SyncConfigs.Artifact($"{fixture.Source.Host}/cli/app", $"{fixture.Destination.Host}/{destinationRepo}"));

    // Same lines in any order, with the destination repo and the wall time masked.
    private static List<string> Normalized(string stdout, string repo) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => Duration().Replace(l.Replace(repo, "<dst>", StringComparison.Ordinal), " in <t>"))
            .Order(StringComparer.Ordinal)];

    [GeneratedRegex(@" in [0-9.]+[a-zµ]+\.?$")]
    private static partial Regex Duration();
}
