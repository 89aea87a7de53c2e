using System.Diagnostics.Metrics;

namespace FluxMirror.Registry.Telemetry;

/// <summary>
/// The one meter every layer records on (registry transport, mirroring, actors). Instruments are process-wide: with
/// several nodes in one process (tests) they add up, which is what a scrape of that process should show.
/// Labels stay bounded: registry hosts, status codes and fixed words, never a repository, tag or job id.
/// </summary>
public static class MirrorMeter
{
    public const string Name = "FluxMirror";

    public static Meter Meter { get; } = new(Name);

    /// <summary>Seconds from a millisecond to a minute: registry calls and journal writes both fall in it.</summary>
    public static IReadOnlyList<double> SecondsBuckets { get; } = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    public static Histogram<double> SecondsHistogram(string name, string description) =>
        Meter.CreateHistogram(name, "s", description, tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
}
