using System.Text.Json.Nodes;
using FluxMirror.Protocol.Api;
using FluxMirror.Protocol.Messages;
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

    /// <summary>
    /// A job that finished before its coordinator died has no event hub under the new job manager (only unfinished jobs
    /// restart): its event stream is replayed from the journal, so a CLI that follows it again still gets its report.
    /// </summary>
    [Fact]
    public async Task A_finished_job_is_streamed_from_its_journal_once_its_event_hub_is_gone()
    {
        var images = await ClusterJobRun.SeedTagsAsync(fixture.Source, "team/replayed", 3, Ct);
        await using var cluster = await InProcessCluster.StartAsync(workers: 1, Ct, coordinators: 2);
        var standby = cluster.Client(cluster.Coordinators[1]);
        var jobId = await ClusterJobRun.SubmitAsync(standby, $"{fixture.Source.Host}/team/replayed", $"{fixture.Destination.Host}/mirror/replayed", concurrency: 2, Ct);
        var (_, finished) = await ClusterJobRun.FollowToEndAsync(standby, jobId, onRow: null, Ct);
        await Eventually.TrueAsync(
            async () => (await standby.ListAsync(Ct)).Jobs.Single(j => j.Job.JobId == jobId).Closed is not null,
            TimeSpan.FromSeconds(30),
            "the job manager to close the job",
            Ct);
        await cluster.CrashAndDownAsync(cluster.Coordinators[0], Ct);

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(cluster.HttpUrls[1]), Timeout = TimeSpan.FromSeconds(30) };
        List<IMirrorMessage> events = [];
        // The job manager moves first: until then the stream answers 503.
        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await http.GetAsync($"jobs/{jobId}/events", Ct);
                events = response.IsSuccessStatusCode
                    ? [.. (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JobEventCodec.Decode)]
                    : [];
                return response.IsSuccessStatusCode;
            },
            TimeSpan.FromSeconds(60),
            "the survivor to stream the finished job",
            Ct);

        var recovered = Assert.IsType<JobRecovered>(events[0]);
        Assert.Equal(images.Keys.Order(), recovered.Rows.Select(r => r.Row.Tag).Order());
        var replayed = Assert.IsType<JobFinished>(events[^1]).Report;
        Assert.Equal(JobEventCodec.Encode(finished), JobEventCodec.Encode(new JobFinished(jobId, replayed)));
    }
}
