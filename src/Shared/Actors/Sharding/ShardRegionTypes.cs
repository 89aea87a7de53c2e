using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Protocol.Routing;

namespace FluxMirror.Actors.Sharding;

/// <summary>One shard region type: its name, the role that hosts it, and its actor on this node (region, proxy or local router), if any.</summary>
public sealed record ShardRegionType(string Name, string Role, Func<IReadOnlyActorRegistry, IActorRef?> Find);

/// <summary>Every shard region type of the cluster, in the order operators see them.</summary>
public static class ShardRegionTypes
{
    public static readonly ShardRegionType TagCopy = new(ClusterNames.TagCopyRegion, ClusterNames.WorkerRole, r => r.TryGet<TagCopyRegion>(out var a) ? a : null);

    public static readonly ShardRegionType HostLimiter = new(ClusterNames.HostLimiterRegion, ClusterNames.WorkerRole, r => r.TryGet<HostLimiterRegion>(out var a) ? a : null);

    public static readonly ShardRegionType BlobLedger = new(ClusterNames.BlobLedgerRegion, ClusterNames.CoordinatorRole, r => r.TryGet<BlobLedgerRegion>(out var a) ? a : null);

    public static IReadOnlyList<ShardRegionType> All { get; } = [TagCopy, HostLimiter, BlobLedger];
}
