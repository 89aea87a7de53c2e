using System.Net;
using System.Text.Json;
using Akka.Hosting;
using FluxMirror.Actors.Nodes;
using FluxMirror.Hosting.Management;
using FluxMirror.Hosting.Nodes;
using FluxMirror.Tests.Integration.Cluster;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;
using Microsoft.Extensions.Hosting;
using AkkaCluster = Akka.Cluster.Cluster;

namespace FluxMirror.Tests.Integration.Hosting;

/// <summary>
/// The management port of real nodes (the shared in-process cluster, plus one worker of our own): probes answer from
/// the nodes' Akka.Hosting health checks, and /metrics shows what a job through the cluster recorded.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ManagementPortTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Formation = TimeSpan.FromSeconds(60);
    private static readonly NodePorts AnyManagementPort = new(null, "127.0.0.1", 0);
    private readonly InProcessCluster _cluster = fixture.Cluster;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Members_of_a_formed_cluster_are_live_and_ready_with_every_check_named()
    {
        await using var coordinator = await StartSideServersAsync(_cluster.Coordinator);
        await using var worker = await StartSideServersAsync(_cluster.Workers[0]);
        using var http = new HttpClient();

        var (liveStatus, live) = await GetJsonAsync(http, coordinator, ManagementEndpoints.LivenessPath);
        var (coordinatorStatus, coordinatorReady) = await GetJsonAsync(http, coordinator, ManagementEndpoints.ReadinessPath);
        var (workerStatus, workerReady) = await GetJsonAsync(http, worker, ManagementEndpoints.ReadinessPath);

        Assert.True(liveStatus == HttpStatusCode.OK, live.ToString());
        Assert.Equal("healthy", live.GetProperty("status").GetString());
        Assert.True(coordinatorStatus == HttpStatusCode.OK, coordinatorReady.ToString());
        Assert.True(workerStatus == HttpStatusCode.OK, workerReady.ToString());
        Assert.Equal(["healthy"], Statuses(workerReady).Values.Distinct());
        Assert.Contains("tag-copy-region", Statuses(workerReady).Keys);
        Assert.Contains("journal-connectivity", Statuses(workerReady).Keys);
        Assert.DoesNotContain("tag-copy-region", Statuses(coordinatorReady).Keys);
        // The liveness probe never waits on the cluster or the database.
        Assert.DoesNotContain("journal-connectivity", Statuses(live).Keys);
    }

    [Fact]
    public async Task A_worker_is_unready_until_it_is_Up_and_its_region_is_registered_and_live_all_along()
    {
        // A seed nobody answers: the worker runs but cannot join until we tell it where the cluster is.
        var settings = new ClusterNodeSettings("127.0.0.1", 0, [$"akka.tcp://flux-mirror@127.0.0.1:{FreePort.Next()}"], _cluster.Postgres.ConnectionString,
            LogLevel: Akka.Event.LogLevel.WarningLevel, Downing: InProcessCluster.TestDowning, Ports: AnyManagementPort);
        using var host = WorkerNode.Build(settings);
        await host.StartAsync(Ct);
        try
        {
            await using var side = await StartSideServersAsync(host);
            using var http = new HttpClient();

            var (lonelyLive, lonelyLiveBody) = await GetJsonAsync(http, side, ManagementEndpoints.LivenessPath);
            var (lonelyReady, lonely) = await GetJsonAsync(http, side, ManagementEndpoints.ReadinessPath);
            Assert.True(lonelyLive == HttpStatusCode.OK, lonelyLiveBody.ToString());
            Assert.True(lonelyReady == HttpStatusCode.ServiceUnavailable, lonely.ToString());
            Assert.True(Statuses(lonely)["tag-copy-region"] == "unhealthy", lonely.ToString());
            Assert.True(Statuses(lonely)["journal-connectivity"] == "healthy", lonely.ToString());

            await AkkaCluster.Get(InProcessCluster.System(host)).JoinAsync(AkkaCluster.Get(InProcessCluster.System(_cluster.Coordinator)).SelfAddress, Ct);
            JsonElement ready = default;
            await Eventually.TrueAsync(
                async () =>
                {
                    (var status, ready) = await GetJsonAsync(http, side, ManagementEndpoints.ReadinessPath);
                    return status == HttpStatusCode.OK;
                },
                Formation,
                "the joined worker to be ready",
                Ct);
            Assert.Equal("healthy", Statuses(ready)["tag-copy-region"]);
            Assert.Equal(Akka.Cluster.MemberStatus.Up, AkkaCluster.Get(InProcessCluster.System(host)).SelfMember.Status);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Metrics_show_what_a_job_through_the_cluster_did()
    {
        await using var coordinator = await StartSideServersAsync(_cluster.Coordinator);
        await using var worker = await StartSideServersAsync(_cluster.Workers[1]);
        using var http = new HttpClient();
        var before = await ScrapeAsync(http, coordinator);
        const int repositories = 3;
        using var src = new RegistrySeeder(fixture.Source);
        await SharedBaseEstate.SeedAsync(src, "metrics/app", repositories, tags: 1, 256 * 1024, Ct);
        var config = SyncConfigs.Config([.. Enumerable.Range(1, repositories).Select(r =>
            SyncConfigs.Artifact($"{fixture.Source.Host}/metrics/app-{r}", $"{fixture.Destination.Host}/metrics/app-{r}"))]);

        var jobId = await ClusterJobRun.SubmitAsync(_cluster.Client(), config, concurrency: 4, Ct);
        var (_, finished) = await ClusterJobRun.FollowToEndAsync(_cluster.Client(), jobId, onRow: null, Ct);
        Assert.Equal(0, finished.Report.Summary.ExitCode);
        var after = await ScrapeAsync(http, coordinator);
        var fromWorker = await ScrapeAsync(http, worker);

        var destination = ("host", fixture.Destination.Host);
        Assert.True(Delta("flux_mirror_registry_requests_total", destination, ("status", "201")) >= repositories, "manifest and blob PUTs (201) to the destination host");
        Assert.True(Delta("flux_mirror_registry_request_duration_seconds_count", destination) > 0, "request latency per host");
        Assert.True(Delta("flux_mirror_blobs_total", ("outcome", "uploaded")) >= 1, "blobs uploaded");
        Assert.True(Delta("flux_mirror_blobs_total", ("outcome", "mounted")) >= 1, "blobs mounted");
        Assert.True(Delta("flux_mirror_copied_bytes_total", ("kind", "blob")) >= 256 * 1024, "blob bytes copied");
        Assert.Equal(repositories, Delta("flux_mirror_tags_total", ("status", "copied")));
        Assert.True(Delta("flux_mirror_journal_write_duration_seconds_count", ("event", "tag_row")) >= repositories, "journal writes timed");
        // One exporter per process: every management port of it serves the same instruments.
        Assert.True(fromWorker.Has("flux_mirror_registry_requests_total"));
        // The job index closes the job just after its last event reached us.
        await Eventually.TrueAsync(
            async () => (await ScrapeAsync(http, coordinator)).Sum("flux_mirror_jobs", ("status", "succeeded")) >= 1,
            TimeSpan.FromSeconds(10),
            "the succeeded job in jobs by status",
            Ct);
        await Eventually.TrueAsync(
            async () => (await ScrapeAsync(http, worker)).Sum("flux_mirror_shards", ("region", "tag-copy")) > 0,
            TimeSpan.FromSeconds(30),
            "the region poller to report tag-copy shards",
            Ct);

        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
    }

    private static Task<NodeSideServers> StartSideServersAsync(IHost node) =>
        NodeSideServers.StartAsync(node.Services, AnyManagementPort, m => Assert.Fail(m), Ct);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetJsonAsync(HttpClient http, NodeSideServers side, string path)
    {
        using var response = await http.GetAsync(side.Management!.Url + path, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }

    private static Dictionary<string, string> Statuses(JsonElement report) => report.GetProperty("checks").EnumerateArray()
        .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString()!);

    private static async Task<PrometheusScrape> ScrapeAsync(HttpClient http, NodeSideServers side)
    {
        using var response = await http.GetAsync(side.Management!.Url + ManagementEndpoints.MetricsPath, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusScrape.Parse(await response.Content.ReadAsStringAsync(Ct));
    }
}
