using System.Globalization;
using System.Text;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using FluxMirror.Actors.Sharding;
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

    public static IEndpointRouteBuilder MapShardingCommands(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ops/cluster-sharding/regions", (ActorRegistry registry) =>
            Results.Text(string.Concat(OnThisNode(registry).Select(t => t.Name + "\n"))));
        app.MapGet("/ops/cluster-sharding/region-stats/{type}", RegionStatsAsync);
        app.MapGet("/ops/cluster-sharding/shard-stats/{type}", ShardStatsAsync);
        app.MapGet("/ops/cluster-sharding/fetch-entities/{type}", FetchEntitiesAsync);
        return app;
    }

    private static Task<IResult> RegionStatsAsync(string type, ActorSystem system, ActorRegistry registry, CancellationToken ct) =>
        AskRegionAsync<ClusterShardingStats>(type, registry, new GetClusterShardingStats(QueryTimeout), stats =>
            RegionStatsText.Format(type, ShardRegionTypes.All.First(t => t.Name == type).Role, AkkaCluster.Get(system).State, stats.Regions), ct);

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
        if (ShardRegionTypes.All.FirstOrDefault(t => t.Name == type)?.Find(registry) is not { } region)
        {
            return Results.NotFound(new ApiError($"unknown region type \"{type}\" on this node: one of {string.Join(", ", OnThisNode(registry).Select(t => t.Name))}"));
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

    private static IEnumerable<ShardRegionType> OnThisNode(ActorRegistry registry) => ShardRegionTypes.All.Where(t => t.Find(registry) is not null);
}
