using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FluxMirror.Registry.Telemetry;

namespace FluxMirror.Actors.Sharding;

/// <summary>
/// Shards and entities hosted in this process, per region, as gauges. A scrape only reads the counts the
/// <see cref="RegionStatsPoller"/>s last stored: it never asks a region anything.
/// </summary>
internal static class ShardMetrics
{
    private static readonly ConcurrentDictionary<(object Poller, string Region), (int Shards, int Entities)> Counts = new();

    static ShardMetrics()
    {
        MirrorMeter.Meter.CreateObservableGauge("flux_mirror_shards", () => Observe(c => c.Shards), description: "Shards hosted by this node's regions, by region");
        MirrorMeter.Meter.CreateObservableGauge("flux_mirror_entities", () => Observe(c => c.Entities), description: "Entities running in this node's regions, by region");
    }

    public static void Store(object poller, string region, int shards, int entities) => Counts[(poller, region)] = (shards, entities);

    public static void Forget(object poller)
    {
        foreach (var key in Counts.Keys.Where(k => ReferenceEquals(k.Poller, poller)))
        {
            Counts.TryRemove(key, out _);
        }
    }

    // Several nodes in one process (tests) add up per region, as the scrape of that process should.
    private static IEnumerable<Measurement<int>> Observe(Func<(int Shards, int Entities), int> pick) => Counts
        .GroupBy(kv => kv.Key.Region, kv => pick(kv.Value))
        .Select(g => new Measurement<int>(g.Sum(), new KeyValuePair<string, object?>("region", g.Key)))
        .ToList();
}
