using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FluxMirror.Actors.Sharding;

/// <summary>
/// Ready when the shard coordinator lists this node's region of <typeparamref name="TRegion"/>: from then on shards
/// can be allocated here and messages for them reach this node. One <see cref="GetCurrentRegions"/> per probe,
/// answered by the coordinator, bounded by <see cref="Timeout"/>. Holding a shard is not required: a worker that
/// has none yet (a fresh cluster, more workers than busy shards) can take the next one, and requiring shards would
/// keep a new worker unready, and a rolling update stalled, until a rebalance moved some over.
/// </summary>
internal sealed class RegionRegisteredCheck<TRegion>(string regionName) : IAkkaHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(AkkaHealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!context.ActorRegistry.TryGet<TRegion>(out var region))
        {
            return HealthCheckResult.Unhealthy($"the {regionName} region has not started");
        }

        var self = Akka.Cluster.Cluster.Get(context.ActorSystem).SelfAddress;
        try
        {
            var known = await region.Ask<CurrentRegions>(GetCurrentRegions.Instance, Timeout, cancellationToken).ConfigureAwait(false);
            return known.Regions.Contains(self)
                ? HealthCheckResult.Healthy($"the shard coordinator knows this node's {regionName} region ({known.Regions.Count} regions)")
                : HealthCheckResult.Unhealthy($"the shard coordinator does not know this node's {regionName} region yet");
        }
        catch (AskTimeoutException)
        {
            return HealthCheckResult.Unhealthy($"the {regionName} shard coordinator did not answer within {Timeout.TotalSeconds:0} s");
        }
    }
}
