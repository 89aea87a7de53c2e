using System.Diagnostics;
using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Schemas;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>
/// Fail-over as a user sees it: a cluster from <c>scripts/cluster-local.sh up</c> (two coordinators, two workers, all
/// real processes), the real CLI following a job with <c>sync --cluster URL1,URL2</c>, and the coordinator running the
/// job stopped mid-job: SIGKILL (a crash: its sockets get RST), SIGTERM (a graceful stop: the singleton is handed
/// over) or SIGSTOP (a network cut as seen from outside: its connections stay open and silent). The CLI must end with
/// the job's full report once the job ends on the survivor, not wait on a stream nothing writes to any more.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CliFailoverTests(ClusterFixture fixture)
{
    private const int Tags = 36;
    private const int RowsBeforeSignal = 11;

    // The job stalls for the downing time (5 s + 1 s here) plus the singleton's recovery; the CLI then needs one
    // round of re-following (after a SIGSTOP first its 20 s idle timeout). Loose on purpose: two loaded cores.
    private static readonly TimeSpan ReportWithin = TimeSpan.FromMinutes(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("KILL")]
    [InlineData("TERM")]
    [InlineData("STOP")]
    public async Task Sync_with_every_coordinator_ends_with_the_full_report_when_the_coordinator_running_the_job_stops(string signal)
    {
        var repository = $"team/cli-failover-{signal.ToLowerInvariant()}";
        var mirror = $"mirror/cli-failover-{signal.ToLowerInvariant()}";
        var images = await ClusterJobRun.SeedTagsAsync(fixture.Source, repository, Tags, Ct);
        await using var proxy = await LoopbackProxy.StartAsync(fixture.Source.BaseUri, Ct);
        // Slow enough that the signal lands with most tags still to copy.
        proxy.Latency = TimeSpan.FromMilliseconds(60);
        await using var cluster = await LocalClusterScript.UpAsync(coordinators: 2, workers: 2, Ct);
        // The job manager singleton runs on the oldest coordinator: the one started first.
        // Nodes log JSON lines: the actor that logged it is the line's LogSource.
        Assert.Contains(cluster.Log("coordinator-1").Split('\n'), l =>
            l.Contains("Singleton manager started singleton actor", StringComparison.Ordinal) && l.Contains("/user/job-manager\"", StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cluster.ApiTokenFile));
        using var survivor = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(cluster.Urls[1]), Timeout = TimeSpan.FromSeconds(5) };
        survivor.DefaultRequestHeaders.Authorization = new("Bearer", cluster.ApiToken);
        using var cli = new FluxMirrorCli();
        var config = SyncConfigs.Config(SyncConfigs.Artifact($"{proxy.Host}/{repository}", $"{fixture.Destination.Host}/{mirror}"));
        var sync = cli.RunAsync(
            ["sync", cli.WriteConfig(config), "--no-progress", "--cluster", string.Join(",", cluster.Urls), "--api-token-file", cluster.ApiTokenFile, "-o", "json", "--concurrency", "2"],
            timeout: ReportWithin * 2);

        var jobId = await AwaitJobIdAsync(survivor);
        var doneAtSignal = await AwaitTagsDoneAsync(survivor, jobId, atLeast: RowsBeforeSignal, Ct);
        await cluster.SignalAsync("coordinator-1", signal, Ct);
        var sinceSignal = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var stall = MeasureStallAsync(survivor, jobId, doneAtSignal, sinceSignal, stop.Token);

        var result = await sync;
        var toReport = sinceSignal.Elapsed;
        await stop.CancelAsync();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"SIG{signal} to coordinator-1 after {doneAtSignal}/{Tags} tags; the job stalled {await stall:F1} s; the CLI printed the report {toReport.TotalSeconds:F1} s after the signal");
        if (signal == "STOP")
        {
            // Frozen, it would sit out `down`'s grace period.
            await cluster.SignalAsync("coordinator-1", "KILL", Ct);
        }

        Assert.True(doneAtSignal < Tags, $"the job finished before the signal ({doneAtSignal} tags)");
        Assert.True(result.ExitCode == 0, $"sync exited {result.ExitCode}: {result.StandardError}\n{cluster.Diagnostics()}");
        Assert.True(toReport < ReportWithin, $"the report came {toReport.TotalSeconds:F0} s after the signal");
        Assert.Contains($"lost the event stream of job {jobId}; following it again", result.StandardError);
        ProjectSchema.Report.AssertValid(result.StandardOutput);
        var rows = JsonNode.Parse(result.StandardOutput)!["report"]!["results"]![0]!["tags"]!.AsArray();
        Assert.Equal(images.Keys.Order(), rows.Select(r => r!["tag"]!.GetValue<string>()).Order());
        Assert.All(rows, r => Assert.True(r!["status"]!.GetValue<string>() == "copied", r!.ToJsonString()));
        await ClusterJobRun.AssertMirroredAsync(fixture.Destination, mirror, images, Ct);
    }

    // The CLI submits the job; in a fresh cluster it is the only one.
    private static async Task<string> AwaitJobIdAsync(HttpClient api)
    {
        string? jobId = null;
        await Eventually.TrueAsync(
            async () => (jobId = (await TryGetAsync(api, "jobs"))?.AsArray().SingleOrDefault()?["job"]?["jobId"]?.GetValue<string>()) is not null,
            TimeSpan.FromSeconds(60),
            "the CLI's job to be submitted",
            Ct);
        return jobId!;
    }

    private static async Task<int> AwaitTagsDoneAsync(HttpClient api, string jobId, int atLeast, CancellationToken ct)
    {
        var done = 0;
        await Eventually.TrueAsync(
            async () => (done = await TagsDoneAsync(api, jobId)) >= atLeast,
            TimeSpan.FromSeconds(90),
            $"{atLeast} tags of job {jobId} to be done",
            ct);
        return done;
    }

    /// <summary>Seconds from the signal to the next tag finished (the job's journal grows again).</summary>
    private static async Task<double> MeasureStallAsync(HttpClient api, string jobId, int doneAtSignal, Stopwatch sinceSignal, CancellationToken ct)
    {
        using var period = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            while (await TagsDoneAsync(api, jobId) <= doneAtSignal)
            {
                await period.WaitForNextTickAsync(ct);
            }
        }
        catch (OperationCanceledException)
        {
            return double.NaN; // the CLI finished first: the journal was not seen growing
        }

        return sinceSignal.Elapsed.TotalSeconds;
    }

    // GET /jobs/{id} reads the job's journal; while the job manager moves it may not answer (0 = not known yet).
    private static async Task<int> TagsDoneAsync(HttpClient api, string jobId) =>
        (await TryGetAsync(api, $"jobs/{jobId}"))?["tagsDone"]?.GetValue<int>() ?? 0;

    private static async Task<JsonNode?> TryGetAsync(HttpClient api, string path)
    {
        try
        {
            using var response = await api.GetAsync(path, Ct);
            return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct)) : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
