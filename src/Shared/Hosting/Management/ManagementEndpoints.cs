using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace FluxMirror.Hosting.Management;

/// <summary>The management port's routes: the probes a kubelet calls and the metrics Prometheus scrapes.</summary>
public static class ManagementEndpoints
{
    public const string LivenessPath = "/healthz/live";
    public const string ReadinessPath = "/healthz/ready";
    public const string MetricsPath = "/metrics";

    public static IEndpointRouteBuilder MapManagementApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(LivenessPath, NodeProbes.LiveAsync);
        app.MapGet(ReadinessPath, NodeProbes.ReadyAsync);
        app.MapPrometheusScrapingEndpoint(MetricsPath, ProcessMetrics.Provider, configureBranchedPipeline: null, optionsName: null);
        return app;
    }
}
