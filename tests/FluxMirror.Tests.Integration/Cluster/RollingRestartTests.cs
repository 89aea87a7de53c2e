using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Schemas;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>
/// A StatefulSet rolling update, by hand: 2 coordinators and 3 workers as processes, a job running through the CLI
/// (which follows it on both coordinators), and every node restarted one by one (SIGTERM, exit, start, Up) in the
/// order Kubernetes uses. The job finishes with every tag mirrored and each tag recorded once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RollingRestartTests(ClusterFixture fixture)
{
    private const int Tags = 70;
    private const string Repository = "team/rolling";
    private const string Mirror = "mirror/rolling";

    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(4);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rolling_restart_of_every_node_loses_no_tag_and_records_none_twice()
    {
        var images = await ClusterJobRun.SeedTagsAsync(fixture.Source, Repository, Tags, Ct);
        await using var proxy = await LoopbackProxy.StartAsync(fixture.Source.BaseUri, Ct);
        // The source takes 2 requests a second from the whole cluster, as a rate-limited upstream would: at 3 source
        // requests a tag (manifest, config, layer) the job would last about two minutes on any machine, longer than
        // five restarts. Once the last node is back the test lifts
        // the rate the way an operator would (ratelimit set), and the rest of the job runs at full speed.
        await using var cluster = await StatefulProcessCluster.StartAsync(
            coordinators: 2, workers: 3, Ct, new Dictionary<string, string?> { ["FLUX_MIRROR_HOST_LIMITS"] = $"{proxy.Host}=4/2" });
        using var cli = new FluxMirrorCli();
        var config = SyncConfigs.Config(SyncConfigs.Artifact($"{proxy.Host}/{Repository}", $"{fixture.Destination.Host}/{Mirror}"));
        var sync = cli.SyncWithinAsync(JobTimeout, config, "--cluster", string.Join(",", cluster.HttpUrls), "-o", "json", "--concurrency", "8", "--timeout", "4m");

        await Eventually.TrueAsync(() => Task.FromResult(proxy.Requests().Count >= 8), JobTimeout, "the job to start copying", Ct);
        var rolls = new List<(string Node, DateTimeOffset Start, DateTimeOffset Up, NodeExit Exit)>();
        foreach (var node in cluster.RollingOrder)
        {
            var start = DateTimeOffset.UtcNow;
            var exit = await cluster.RollAsync(node, Ct);
            rolls.Add((node, start, DateTimeOffset.UtcNow, exit));
        }

        var lift = await cli.RunAsync(["ratelimit", "set", proxy.Host, "4/0", "--cluster", cluster.HttpUrls[0]]);
        Assert.True(lift.ExitCode == 0, $"ratelimit set exited {lift.ExitCode}: {lift.StandardError}");
        var lifted = DateTimeOffset.UtcNow;

        var result = await sync.WaitAsync(JobTimeout, Ct);

        Assert.True(result.ExitCode == 0, $"sync exited {result.ExitCode}: {result.StandardError}\n{cluster.Diagnostics()}");
        Assert.All(rolls, r => Assert.True(r.Exit.Code == 0, $"{r.Node} exited {r.Exit.Code} on SIGTERM; its last lines:\n{r.Exit.LastLines}"));
        var requests = proxy.Requests().Select(r => r.Arrived).Order().ToList();
        Assert.True(requests[^1] > rolls[^1].Up, "the job finished before the last node was restarted: the test proved nothing");
        // The lifted budget reached the limiter the job runs under: after it, the source took more than 2 a second.
        var afterLift = requests.Where(t => t > lifted).ToList();
        Assert.True(afterLift.Count < 20 || afterLift.Count / Math.Max(1, (afterLift[^1] - lifted).TotalSeconds) > 4,
            $"{afterLift.Count} requests in {(afterLift.Count > 0 ? (afterLift[^1] - lifted).TotalSeconds : 0):0.0} s after the rate was lifted");

        ProjectSchema.Report.AssertValid(result.StandardOutput);
        var rows = JsonNode.Parse(result.StandardOutput)!["report"]!["results"]![0]!["tags"]!.AsArray();
        Assert.Equal(images.Keys.Order(StringComparer.Ordinal), rows.Select(r => r!["tag"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.True(r!["status"]!.GetValue<string>() == "copied", r!.ToJsonString()));
        await ClusterJobRun.AssertMirroredAsync(fixture.Destination, Mirror, images, Ct);
        var jobId = await cluster.OnlyJobIdAsync(Ct);
        Assert.Equal(Tags, await JournalRows.CountAsync(cluster.Postgres, "job-" + jobId, JournalRows.TagRowFinished, Ct));
        // Tag-copy entities are not remembered: the restarts moved them by redelivery alone, and the shards journaled nothing.
        Assert.Equal(0, await JournalRows.CountUnderAsync(cluster.Postgres, "/sharding/", Ct));

        // The stall each restart caused: the longest silence at the source while that node was away.
        foreach (var (node, start, up, _) in rolls)
        {
            var inside = requests.Where(t => t >= start && t <= up).Prepend(start).Append(up).Order().ToList();
            var stall = inside.Zip(inside.Skip(1), (a, b) => b - a).Max();
            TestContext.Current.TestOutputHelper?.WriteLine($"{node}: restarted in {(up - start).TotalSeconds:0.0} s, longest source silence {stall.TotalSeconds:0.0} s");
        }
    }
}
