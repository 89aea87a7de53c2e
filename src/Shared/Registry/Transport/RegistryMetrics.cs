using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using FluxMirror.Registry.Telemetry;

namespace FluxMirror.Registry.Transport;

/// <summary>What the registry transport records: every HTTP exchange with a registry (or the blob store it redirects
/// to) by host, method and status, its time to response headers, and the throttling answers that pause a host.</summary>
internal static class RegistryMetrics
{
    /// <summary>The status label of an exchange that got no HTTP answer (connection error, stall, cancellation).</summary>
    public const string NoResponse = "error";

    private static readonly Counter<long> Requests = MirrorMeter.Meter.CreateCounter<long>(
        "flux_mirror_registry_requests", description: "HTTP requests sent to registries, by host, method and status code");

    private static readonly Histogram<double> Duration = MirrorMeter.SecondsHistogram(
        "flux_mirror_registry_request_duration", "Time from sending a registry request to its response headers, by host and status code");

    private static readonly Counter<long> Throttled = MirrorMeter.Meter.CreateCounter<long>(
        "flux_mirror_registry_throttled", description: "429 and 503 answers of registries, by host and status code");

    private static readonly Counter<double> RetryAfterPauses = MirrorMeter.Meter.CreateCounter<double>(
        "flux_mirror_registry_retry_after_pause", "s", "Seconds of pause registries asked for with Retry-After, by host");

    public static void RecordExchange(string host, HttpMethod method, int? status, TimeSpan elapsed)
    {
        var code = status?.ToString(CultureInfo.InvariantCulture) ?? NoResponse;
        Requests.Add(1, new TagList { { "host", host }, { "method", method.Method }, { "status", code } });
        Duration.Record(elapsed.TotalSeconds, new TagList { { "host", host }, { "status", code } });
    }

    public static void RecordThrottle(string host, int status, TimeSpan? retryAfter)
    {
        Throttled.Add(1, new TagList { { "host", host }, { "status", status.ToString(CultureInfo.InvariantCulture) } });
        if (retryAfter is { } pause)
        {
            RetryAfterPauses.Add(pause.TotalSeconds, new KeyValuePair<string, object?>("host", host));
        }
    }
}
