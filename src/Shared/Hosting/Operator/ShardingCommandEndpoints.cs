using System.Globalization;
using System.Text;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using FluxMirror.Protocol.Api;
using FluxMirror.Protocol.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using AkkaCluster = Akka.Cluster.Cluster;

namespace FluxMirror.Hosting.Operator;

/// <summary>
/// The <c>cluster-sharding</c> palette: regions, region-stats (cluster-wide), shard-stats and fetch-entities (the shards
/// and entities the answering node hosts: run them on a worker's operator port to see that worker).
/// </summary>
public static class ShardingCommandEndpoints
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The shard region types and the role that hosts each.</summary>
    private static readonly (string Type, string Role)[] Types =
    [
        (ClusterNames.TagCopyRegion, ClusterNames.WorkerRole),
        (ClusterNames.HostLimiterRegion, ClusterNames.WorkerRole),
        (ClusterNames.BlobLedgerRegion, ClusterNames.CoordinatorRole),
    ];

    public static IEndpointRouteBuilder MapShardingCommands(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ops/cluster-sharding/regions", (ActorRegistry registry) =>
            Results.Text(string.Concat(Types.Where(t => Region(registry, t.Type) is not null).Select(t => t.Type + "\n"))));
        app.MapGet("/ops/cluster-sharding/region-stats/{type}", RegionStatsAsync);
        app.MapGet("/ops/cluster-sharding/shard-stats/{type}", ShardStatsAsync);
        app.MapGet("/ops/cluster-sharding/fetch-entities/{type}", FetchEntitiesAsync);
        return app;
    }

    private static Task<IResult> RegionStatsAsync(string type, ActorSystem system, ActorRegistry registry, CancellationToken ct) =>
        AskRegionAsync<ClusterShardingStats>(type, registry, new GetClusterShardingStats(QueryTimeout), stats =>
            RegionStatsText.Format(type, Types.First(t => t.Type == type).Role, AkkaCluster.Get(system).State, stats.Regions), ct);

    private static Task<IResult> ShardStatsAsync(string type, ActorRegistry registry, CancellationToken ct) =>
        AskRegionAsync<ShardRegionStats>(type, registry, GetShardRegionStats.Instance, stats =>
        {
            var text = new StringBuilder();
            foreach (var (shard, entities) in stats.Stats.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"shard: {shard} | entities: {entities}\n");
            }

            return text.Append(CultureInfo.InvariantCulture, $"Count: {stats.Stats.Count} shards, {stats.Stats.Values.Sum()} entities\n").ToString();
        }, ct);

    private static Task<IResult> FetchEntitiesAsync(string type, ActorRegistry registry, CancellationToken ct) =>
        AskRegionAsync<CurrentShardRegionState>(type, registry, GetShardRegionState.Instance, state =>
        {
            var text = new StringBuilder();
            foreach (var shard in state.Shards.OrderBy(s => s.ShardId, StringComparer.Ordinal))
            {
                foreach (var entity in shard.EntityIds.Order(StringComparer.Ordinal))
                {
                    text.Append(CultureInfo.InvariantCulture, $"{shard.ShardId} | {entity}\n");
                }
            }

            return text.Append(CultureInfo.InvariantCulture, $"Count: {state.Shards.Sum(s => s.EntityIds.Count)} entities\n").ToString();
        }, ct);

    private static async Task<IResult> AskRegionAsync<TAnswer>(string type, ActorRegistry registry, object query, Func<TAnswer, string> format, CancellationToken ct)
    {
        if (Region(registry, type) is not { } region)
        {
            return Results.NotFound(new ApiError($"unknown region type \"{type}\" on this node: one of {string.Join(", ", Types.Where(t => Region(registry, t.Type) is not null).Select(t => t.Type))}"));
        }

        try
        {
            return Results.Text(format(await region.Ask<TAnswer>(query, QueryTimeout + TimeSpan.FromSeconds(2), ct)));
        }
        catch (AskTimeoutException)
        {
            return Results.Json(new ApiError($"the {type} shard region did not answer in time"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static IActorRef? Region(ActorRegistry registry, string type) => type switch
    {
        ClusterNames.TagCopyRegion => registry.TryGet<TagCopyRegion>(out var r) ? r : null,
        ClusterNames.HostLimiterRegion => registry.TryGet<HostLimiterRegion>(out var r) ? r : null,
        ClusterNames.BlobLedgerRegion => registry.TryGet<BlobLedgerRegion>(out var r) ? r : null,
        _ => null,
    };
}
