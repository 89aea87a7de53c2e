using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;

namespace FluxMirror.Actors.Sharding;

/// <summary>
/// Asks this node's real shard regions for their state every <see cref="Interval"/> (each Ask bounded by
/// <see cref="AskTimeout"/>, piped back, never awaited) and stores the counts for <see cref="ShardMetrics"/>.
/// A region that does not answer keeps its last counts until the next poll.
/// </summary>
public sealed class RegionStatsPoller : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public RegionStatsPoller(IReadOnlyDictionary<string, IActorRef> regions)
    {
        Receive<Poll>(_ =>
        {
            foreach (var (name, region) in regions)
            {
                region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, AskTimeout).PipeTo(
                    Self,
                    success: state => new Polled(name, state.Shards.Count, state.Shards.Sum(s => s.EntityIds.Count)),
                    failure: _ => NotAnswered.Instance);
            }
        });
        Receive<Polled>(p => ShardMetrics.Store(this, p.Region, p.Shards, p.Entities));
        Receive<NotAnswered>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer("poll", Poll.Instance, TimeSpan.Zero, Interval);

    protected override void PostStop() => ShardMetrics.Forget(this);

    private sealed class Poll
    {
        public static readonly Poll Instance = new();
    }

    private sealed class NotAnswered
    {
        public static readonly NotAnswered Instance = new();
    }

    private sealed record Polled(string Region, int Shards, int Entities);
}

public static class RegionStatsPollerRegistration
{
    /// <summary>Polls the real regions (never proxies: they answer empty) named here, resolved from the registry.</summary>
    public static AkkaConfigurationBuilder AddRegionStats(this AkkaConfigurationBuilder builder, params ShardRegionType[] regions) =>
        builder.WithActors((system, registry) =>
        {
            var resolved = regions.ToDictionary(r => r.Name, r => r.Find(registry) ?? throw new InvalidOperationException($"the {r.Name} region is not registered on this node"));
            system.ActorOf(Props.Create(() => new RegionStatsPoller(resolved)), "region-stats");
        });
}
