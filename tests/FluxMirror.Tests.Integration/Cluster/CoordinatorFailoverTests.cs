using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Schemas;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>
/// The coordinator node running the job manager singleton dies mid-job: the singleton moves to the other
/// coordinator, which recovers the job from the journal and finishes it without losing or repeating a row,
/// and the CLI that submitted it (<c>--cluster</c> with both coordinators) follows it through the fail-over.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CoordinatorFailoverTests(ClusterFixture fixture)
{
    private const int Tags = 30;
    private const int RowsBeforeCrash = 5;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_and_its_cli_survive_the_loss_of_the_coordinator_running_it()
    {
        var images = await ClusterJobRun.SeedTagsAsync(fixture.Source, "team/failover", Tags, Ct);
        await using var proxy = await LoopbackProxy.StartAsync(fixture.Source.BaseUri, Ct);
        // Slow enough that the crash lands with most tags still to copy.
        proxy.Latency = TimeSpan.FromMilliseconds(150);
        await using var cluster = await InProcessCluster.StartAsync(workers: 2, Ct, coordinators: 2);
        var doomed = cluster.Coordinators[0];
        var standby = cluster.Client(cluster.Coordinators[1]);
        using var cli = new FluxMirrorCli();
        var config = SyncConfigs.Config(SyncConfigs.Artifact($"{proxy.Host}/team/failover", $"{fixture.Destination.Host}/mirror/failover"));
        var sync = cli.SyncAsync(config, "--cluster", string.Join(",", cluster.HttpUrls), "-o", "json", "--concurrency", "2");

        string? jobId = null;
        await Eventually.TrueAsync(
            async () => (jobId = (await standby.ListAsync(Ct)).Jobs.SingleOrDefault()?.Job.JobId) is not null,
            TimeSpan.FromSeconds(60),
            "the CLI's job to be submitted",
            Ct);
        var seenBeforeCrash = await ClusterJobRun.FollowUntilAsync(standby, jobId!, RowsBeforeCrash, Ct);
        await cluster.CrashAndDownAsync(doomed, Ct);

        var result = await sync;
        Assert.True(seenBeforeCrash < Tags, $"the job finished before the crash ({seenBeforeCrash} rows)");
        Assert.True(result.ExitCode == 0, $"sync exited {result.ExitCode}: {result.StandardError}");
        Assert.Contains($"lost the event stream of job {jobId}; following it again", result.StandardError);
        ProjectSchema.Report.AssertValid(result.StandardOutput);
        var rows = JsonNode.Parse(result.StandardOutput)!["report"]!["results"]![0]!["tags"]!.AsArray();
        Assert.Equal(images.Keys.Order(), rows.Select(r => r!["tag"]!.GetValue<string>()).Order());
        Assert.All(rows, r => Assert.True(r!["status"]!.GetValue<string>() == "copied", r!.ToJsonString()));
        await ClusterJobRun.AssertMirroredAsync(fixture.Destination, "mirror/failover", images, Ct);

        // Nothing recorded twice: one final row per tag in the job's journal.
        Assert.Equal(Tags, await JournalRows.CountAsync(cluster.Postgres, "job-" + jobId, JournalRows.TagRowFinished, Ct));
    }
}
