using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using FluxMirror.Protocol.Api;
using FluxMirror.Protocol.Messages;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Schemas;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>
/// Real node processes: a worker is SIGKILLed (the split-brain resolver downs it) or SIGTERMed (coordinated shutdown:
/// it leaves and hands its shards off) mid-job while the real CLI follows the job with <c>--cluster</c>; the job
/// coordinator sends its unanswered tag copies again, they run on the survivor and the job still succeeds.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class WorkerProcessKillTests(ClusterFixture fixture)
{
    private const int Tags = 24;
    private const string Repository = "team/sigkill";
    private const string Mirror = "mirror/sigkill";

    // After a SIGKILL the job stalls ~10 s: ~3 s to mark the worker unreachable, the resolver's stable-after and the
    // removal margin (5 s and 1 s here, see ProcessCluster) before the shards move to the survivor.
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("KILL")]
    [InlineData("TERM")]
    public async Task A_job_still_mirrors_every_tag_when_a_worker_process_stops_mid_job(string signal)
    {
        var repository = $"{Repository}-{signal.ToLowerInvariant()}";
        var mirror = $"{Mirror}-{signal.ToLowerInvariant()}";
        var images = await ClusterJobRun.SeedTagsAsync(fixture.Source, repository, Tags, Ct);
        await using var proxy = await LoopbackProxy.StartAsync(fixture.Source.BaseUri, Ct);
        // Slow enough that the kill lands while the doomed worker still has copies in flight.
        proxy.Latency = TimeSpan.FromMilliseconds(150);
        using var cli = new FluxMirrorCli();
        await using var cluster = await ProcessCluster.StartAsync(workers: 2, Ct);
        using var api = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(cluster.HttpUrl), Timeout = Timeout.InfiniteTimeSpan };

        var config = SyncConfigs.Config(SyncConfigs.Artifact($"{proxy.Host}/{repository}", $"{fixture.Destination.Host}/{mirror}"));
        var sync = cli.SyncAsync(config, "--cluster", cluster.HttpUrl, "-o", "json", "--concurrency", "8");
        Outcome outcome;
        try
        {
            outcome = await FollowAndStopFirstWorkerToFinishAsync(api, cluster, signal);
        }
        catch
        {
            // Without its coordinator the CLI fails at once; await it so no process outlives the test.
            await cluster.DisposeAsync();
            await Task.WhenAny(sync);
            throw;
        }

        var result = await sync;

        Assert.True(result.ExitCode == 0, $"sync exited {result.ExitCode}: {result.StandardError}\n{cluster.Diagnostics()}");
        ProjectSchema.Report.AssertValid(result.StandardOutput);
        var rows = JsonNode.Parse(result.StandardOutput)!["report"]!["results"]![0]!["tags"]!.AsArray();
        Assert.Equal(images.Keys.Order(), rows.Select(r => r!["tag"]!.GetValue<string>()).Order());
        Assert.All(rows, r => Assert.True(r!["status"]!.GetValue<string>() == "copied", r!.ToJsonString()));
        Assert.Equal(Tags, outcome.Finished.Report.Summary.Copied);
        await ClusterJobRun.AssertMirroredAsync(fixture.Destination, mirror, images, Ct);

        if (signal == "TERM")
        {
            Assert.True(outcome.ExitCode == 0, $"the SIGTERMed worker exited {outcome.ExitCode}:\n{outcome.Killed.Tail(40)}");
        }

        var survivor = Assert.Single(cluster.Workers, w => w != outcome.Killed);
        Assert.False(survivor.HasExited);
        var afterKill = outcome.Rows.Where(r => r.ReadAt > outcome.KilledAt).Select(r => r.Row).ToList();
        Assert.Contains(afterKill, r => r.Worker == survivor.Address);
    }

    /// <summary>
    /// Follows the job's event stream; at the first finished row, signals the worker that copied it (it surely
    /// holds shards of this job), then reads on to <see cref="JobFinished"/>. SIGTERM is awaited in the background
    /// (a graceful stop takes seconds, and rows keep arriving meanwhile).
    /// </summary>
    private static async Task<Outcome> FollowAndStopFirstWorkerToFinishAsync(HttpClient api, ProcessCluster cluster, string signal)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(JobTimeout);
        var rows = new List<(TagRowFinished, DateTimeOffset)>();
        NodeProcess? killed = null;
        Task<int>? exit = null;
        var killedAt = DateTimeOffset.MaxValue;
        try
        {
            var jobId = await AwaitJobIdAsync(api, timeout.Token);
            await foreach (var evt in FollowAsync(api, jobId, timeout.Token))
            {
                switch (evt)
                {
                    case TagRowFinished row:
                        rows.Add((row, DateTimeOffset.UtcNow));
                        if (killed is null)
                        {
                            killed = cluster.Workers.Single(w => w.Address == row.Worker);
                            killedAt = DateTimeOffset.UtcNow;
                            if (signal == "TERM")
                            {
                                exit = killed.TerminateAsync(timeout.Token);
                            }
                            else
                            {
                                await killed.KillAsync(timeout.Token);
                                exit = Task.FromResult(-9);
                            }
                        }

                        break;
                    case JobFinished finished:
                        return new Outcome(rows, finished, killed ?? throw new InvalidOperationException("the job finished without a row"), killedAt, await exit!);
                }
            }
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            Assert.Fail($"the job did not finish within {JobTimeout.TotalSeconds:0}s ({rows.Count} rows, killed {killed?.Name ?? "none"}):\n{cluster.Diagnostics()}");
        }

        throw new InvalidOperationException($"the event stream ended without JobFinished:\n{cluster.Diagnostics()}");
    }

    // The CLI submits the job; in a fresh cluster it is the only one.
    private static async Task<string> AwaitJobIdAsync(HttpClient api, CancellationToken ct)
    {
        string? jobId = null;
        await Eventually.TrueAsync(
            async () =>
            {
                var jobs = JsonNode.Parse(await api.GetStringAsync("jobs", ct))!.AsArray();
                jobId = jobs.SingleOrDefault()?["job"]?["jobId"]?.GetValue<string>();
                return jobId is not null;
            },
            JobTimeout,
            "the CLI's job to be submitted",
            ct);
        return jobId!;
    }

    // GET /jobs/{id}/events: NDJSON, replayed from the job's start, ending with JobFinished.
    private static async IAsyncEnumerable<IMirrorMessage> FollowAsync(HttpClient api, string jobId, [EnumeratorCancellation] CancellationToken ct)
    {
        using var response = await api.GetAsync($"jobs/{jobId}/events", HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length > 0)
            {
                yield return JobEventCodec.Decode(line);
            }
        }
    }

    private sealed record Outcome(
        IReadOnlyList<(TagRowFinished Row, DateTimeOffset ReadAt)> Rows, JobFinished Finished, NodeProcess Killed, DateTimeOffset KilledAt, int ExitCode);
}
