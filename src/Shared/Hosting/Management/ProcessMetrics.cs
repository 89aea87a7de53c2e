using FluxMirror.Registry.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace FluxMirror.Hosting.Management;

/// <summary>
/// One Prometheus exporter for the process, listening to <see cref="MirrorMeter"/> only. The instruments are
/// process-wide, so is their aggregation: every management server of the process (one per node; several in tests)
/// serves the same numbers, and counters count from the first time a node asked for them, not from each server's start.
/// </summary>
public static class ProcessMetrics
{
    private static readonly Lazy<MeterProvider> Lazy = new(() => Sdk.CreateMeterProviderBuilder()
        .AddMeter(MirrorMeter.Name)
        // Every scrape collects afresh: the default 300 ms cache would let two quick scrapes disagree in tests.
        .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0)
        .Build());

    /// <summary>Starts listening (idempotent); call before the node does work, so no measurement is missed.</summary>
    public static MeterProvider Provider => Lazy.Value;
}
