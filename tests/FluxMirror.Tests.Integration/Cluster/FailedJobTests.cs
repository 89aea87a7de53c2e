using System.Text.Json.Nodes;
using FluxMirror.Actors.JobManagement;
using FluxMirror.Protocol.Api;
using FluxMirror.Protocol.Messages;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Schemas;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>
/// A job fails alone. Real node processes on one PostgreSQL journal: a running job's config stops loading on the
/// coordinator (the coordinator restarts without the <c>${VAR}</c> it uses). The recovered job is closed once as a
/// failed job with its reason, which the CLI following it prints as the embedded run prints it, with its exit code;
/// the job manager, the job list and the next jobs go on, also after another restart, and the failure is logged once
/// instead of in a restart loop. The running-jobs cap refuses a second job meanwhile with 429.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FailedJobTests(ClusterFixture fixture)
{
    private const string Team = "MIRROR_TEST_TEAM";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_that_cannot_start_on_the_coordinator_fails_alone_with_its_reason()
    {
        await ClusterJobRun.SeedTagsAsync(fixture.Source, "alone/poison", 12, Ct);
        var next = await ClusterJobRun.SeedTagsAsync(fixture.Source, "alone/next", 3, Ct);
        await using var proxy = await LoopbackProxy.StartAsync(fixture.Source.BaseUri, Ct);
        proxy.Latency = TimeSpan.FromMilliseconds(400); // the first job is still running when the coordinator restarts
        var withTeam = new Dictionary<string, string?> { [Team] = "poison", [JobManagerActor.MaxRunningJobsVariable] = "1" };
        var withoutTeam = new Dictionary<string, string?> { [Team] = null, [JobManagerActor.MaxRunningJobsVariable] = "1" };
        await using var cluster = await ProcessCluster.StartAsync(workers: 1, Ct, withTeam);
        using var api = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(cluster.HttpUrl), Timeout = TimeSpan.FromSeconds(30) };
        using var cli = new FluxMirrorCli();
        var poison = SyncConfigs.Config(SyncConfigs.Artifact($"{proxy.Host}/alone/${{{Team}}}", $"{fixture.Destination.Host}/alone/poisoned"));
        var nextConfig = SyncConfigs.Config(SyncConfigs.Artifact($"{fixture.Source.Host}/alone/next", $"{fixture.Destination.Host}/alone/next"));
        var sync = cli.RunAsync(["sync", cli.WriteConfig(poison), "--no-progress", "--concurrency", "1", "--cluster", cluster.HttpUrl], new Dictionary<string, string?> { [Team] = "poison" }, TimeSpan.FromMinutes(4));

        string? jobId = null;
        await Eventually.TrueAsync(async () => (jobId = await FirstJobAsync(api)) is not null, TimeSpan.FromSeconds(60), "the job to be submitted", Ct);

        // One job may run at a time here: the next is refused with 429 and one line, not queued or lost.
        var refused = await cli.SyncAsync(nextConfig, "--cluster", cluster.HttpUrl);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal($"✗ the cluster already runs 1 jobs, as many as it may ({JobManagerActor.MaxRunningJobsVariable}=1); submit again once one has finished\n", refused.StandardError);

        await cluster.RestartAsync(Ct, withoutTeam);
        var failed = await sync;
        var embedded = await cli.SyncAsync(poison);

        // The CLI followed the job through the restart and ends with the embedded run's line and exit code.
        Assert.Equal(1, embedded.ExitCode);
        Assert.Equal($"✗ substitute environment variables: variable not set (strict mode): \"{Team}\"\n", embedded.StandardError);
        Assert.True(failed.ExitCode == embedded.ExitCode, $"exit {failed.ExitCode}: {failed.StandardError}\n{cluster.Diagnostics()}");
        Assert.Equal(embedded.StandardError.TrimEnd('\n'), failed.StandardError.TrimEnd('\n').Split('\n')[^1]);

        var show = await cli.RunAsync(["job", "show", jobId!, "--cluster", cluster.HttpUrl]);
        Assert.True(show.ExitCode == 0, show.StandardError);
        Assert.Contains($"status:    failed (exit 1): substitute environment variables: variable not set (strict mode): \"{Team}\"\n", show.StandardOutput);

        // The manager and the index go on: the next job runs and copies every tag.
        await AssertNextJobCopiesEveryTagAsync(cli, cluster, nextConfig, "alone/next", next);

        // Restarted again on the same journal, the failed job stays closed: not started, not failed again.
        await cluster.RestartAsync(Ct, withoutTeam);
        var list = await cli.RunAsync(["job", "list", "--cluster", cluster.HttpUrl]);
        Assert.True(list.ExitCode == 0, list.StandardError);
        Assert.Contains(list.StandardOutput.Split('\n'), l => l.StartsWith(jobId!, StringComparison.Ordinal) && l.Contains(" failed ", StringComparison.Ordinal));
        // Its event hub went with the restart: the event stream replays the failure from the job's close.
        using var restarted = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(cluster.HttpUrl), Timeout = TimeSpan.FromSeconds(30) };
        var replayed = JobEventCodec.Decode((await restarted.GetStringAsync($"jobs/{jobId}/events", Ct)).TrimEnd('\n'));
        Assert.Equal(embedded.StandardError.TrimEnd('\n'), "✗ " + Assert.IsType<JobFinished>(replayed).Error);
        var again = SyncConfigs.Config(SyncConfigs.Artifact($"{fixture.Source.Host}/alone/next", $"{fixture.Destination.Host}/alone/after-restart"));
        await AssertNextJobCopiesEveryTagAsync(cli, cluster, again, "alone/after-restart", next);

        var lines = cluster.CoordinatorLines();
        var errorsOfJob = lines.Where(l => l.Contains(jobId!, StringComparison.Ordinal) && l.Contains("error", StringComparison.OrdinalIgnoreCase)).ToList();
        var errors = lines.Count(l => l.Contains("[ERROR]", StringComparison.OrdinalIgnoreCase));
        TestContext.Current.TestOutputHelper?.WriteLine($"ERROR lines naming the failed job: {errorsOfJob.Count}; ERROR lines in all: {errors} of {lines.Count}");
        Assert.True(errorsOfJob.Count is >= 1 and <= 3, $"{errorsOfJob.Count} error lines for job {jobId}:\n{string.Join("\n", errorsOfJob.Take(10))}");
    }

    private async Task AssertNextJobCopiesEveryTagAsync(FluxMirrorCli cli, ProcessCluster cluster, string config, string repository, Dictionary<string, SeededImage> images)
    {
        var result = await cli.SyncAsync(config, "--cluster", cluster.HttpUrl, "-o", "json");
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}\n{cluster.Diagnostics()}");
        ProjectSchema.Report.AssertValid(result.StandardOutput);
        var rows = JsonNode.Parse(result.StandardOutput)!["report"]!["results"]![0]!["tags"]!.AsArray();
        Assert.Equal(images.Keys.Order(), rows.Select(r => r!["tag"]!.GetValue<string>()).Order());
        Assert.All(rows, r => Assert.True(r!["status"]!.GetValue<string>() == "copied", r!.ToJsonString()));
        await ClusterJobRun.AssertMirroredAsync(fixture.Destination, repository, images, Ct);
    }

    private static async Task<string?> FirstJobAsync(HttpClient api)
    {
        try
        {
            var jobs = JsonNode.Parse(await api.GetStringAsync("jobs", Ct))!.AsArray();
            return jobs.Count > 0 ? jobs[0]!["job"]!["jobId"]!.GetValue<string>() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
