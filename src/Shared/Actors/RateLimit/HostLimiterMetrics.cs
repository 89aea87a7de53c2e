using System.Diagnostics.Metrics;
using FluxMirror.Registry.Telemetry;

namespace FluxMirror.Actors.RateLimit;

/// <summary>
/// A host limiter's levels as up-down counters per registry host: permits in use, permits waited for and the current
/// concurrency limit. Each limiter reports the change since its last report, so limiters that move between nodes
/// (or share a process in tests) add up instead of overwriting each other, and a stopped limiter takes its share back.
/// </summary>
internal sealed class HostLimiterMetrics(string host)
{
    private static readonly UpDownCounter<int> InUse = MirrorMeter.Meter.CreateUpDownCounter<int>(
        "flux_mirror_host_permits_in_use", description: "Request permits of a registry host's budget held by gates, by host");

    private static readonly UpDownCounter<int> Waiting = MirrorMeter.Meter.CreateUpDownCounter<int>(
        "flux_mirror_host_permits_waiting", description: "Request permits gates wait for because a registry host's budget is spent, by host");

    private static readonly UpDownCounter<int> Limit = MirrorMeter.Meter.CreateUpDownCounter<int>(
        "flux_mirror_host_permit_limit", description: "A registry host's current concurrency limit (halved on throttling, raised on success), by host");

    private readonly KeyValuePair<string, object?> _host = new("host", host);
    private int _inUse;
    private int _waiting;
    private int _limit;

    public void Report(int inUse, int waiting, int limit)
    {
        Move(InUse, ref _inUse, inUse);
        Move(Waiting, ref _waiting, waiting);
        Move(Limit, ref _limit, limit);
    }

    public void Stopped() => Report(0, 0, 0);

    private void Move(UpDownCounter<int> counter, ref int reported, int now)
    {
        if (now != reported)
        {
            counter.Add(now - reported, _host);
            reported = now;
        }
    }
}
