using System.Text.Json;
using System.Text.RegularExpressions;
using FluxMirror.Actors.Jobs;
using FluxMirror.Actors.RateLimit;
using FluxMirror.Actors.Sharding;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Hosting.Management;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Transport;
using FluxMirror.TestSupport.Schemas;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace FluxMirror.Tests.Unit.Hosting;

/// <summary>
/// /metrics speaks the Prometheus text format with the names the Grafana dashboard queries: after one measurement
/// of every instrument, every flux_mirror_* series the dashboard uses is served.
/// </summary>
public sealed partial class MetricsEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_metric_the_dashboard_queries_is_served()
    {
        var host = $"dashboard-{Guid.NewGuid():N}.example";
        await using var app = await StartAsync();
        var owner = new object();
        RecordOneOfEach(host, owner);
        string text;
        HttpResponseMessage response;
        using var http = new HttpClient();
        try
        {
            response = await http.GetAsync(app.Urls.First() + ManagementEndpoints.MetricsPath, Ct);
            text = await response.Content.ReadAsStringAsync(Ct);
        }
        finally
        {
            JobMetrics.ForgetJobs(owner);
            ShardMetrics.Forget(owner);
        }

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        response.Dispose();
        var served = text.Split('\n').Where(l => l.StartsWith("flux_mirror_", StringComparison.Ordinal)).Select(l => SeriesName().Match(l).Value).ToHashSet();
        var queried = DashboardMetricNames();
        Assert.NotEmpty(queried);
        Assert.All(queried, name => Assert.Contains(name, served));
        Assert.Contains($"flux_mirror_registry_requests_total{{otel_scope_name=\"FluxMirror\",host=\"{host}\",method=\"GET\",status=\"429\"}} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_dashboard_picks_its_datasource_from_a_variable()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("deploy", "grafana", "flux-mirror.json")));
        var variables = dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray().ToList();

        Assert.Contains(variables, v => v.GetProperty("name").GetString() == "datasource" && v.GetProperty("type").GetString() == "datasource");
        Assert.All(
            dashboard.RootElement.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row"),
            p => Assert.Equal("${datasource}", p.GetProperty("datasource").GetProperty("uid").GetString()));
    }

    private static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapManagementApi();
        await app.StartAsync(Ct);
        return app;
    }

    private static void RecordOneOfEach(string host, object owner)
    {
        RegistryMetrics.RecordExchange(host, HttpMethod.Get, 429, TimeSpan.FromMilliseconds(3));
        RegistryMetrics.RecordThrottle(host, 429, TimeSpan.FromSeconds(1));
        MirroringMetrics.RecordBlob(BlobPushOutcome.Pushed, 10);
        MirroringMetrics.RecordManifest(10);
        JobMetrics.RecordTag(TagStatus.Copied);
        JobMetrics.RecordWrite("tag_row", JobMetrics.StartWrite());
        JobMetrics.PublishJobs(owner, []);
        new HostLimiterMetrics(host).Report(inUse: 1, waiting: 1, limit: 2);
        ShardMetrics.Store(owner, "dashboard-test", 1, 1);
    }

    private static HashSet<string> DashboardMetricNames()
    {
        var json = File.ReadAllText(RepositoryFiles.PathOf("deploy", "grafana", "flux-mirror.json"));
        return [.. DashboardMetric().Matches(json).Select(m => m.Value)];
    }

    [GeneratedRegex(@"^[a-z_]+")]
    private static partial Regex SeriesName();

    [GeneratedRegex(@"flux_mirror_[a-z_]+")]
    private static partial Regex DashboardMetric();
}
