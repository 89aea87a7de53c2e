using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using FluxMirror.Hosting.Http;
using FluxMirror.Protocol.Api;
using FluxMirror.Protocol.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using AkkaCluster = Akka.Cluster.Cluster;

namespace FluxMirror.Hosting.Operator;

/// <summary>
/// The operator commands behind <c>flux-mirror cluster …</c> and <c>flux-mirror cluster-sharding …</c>,
/// served by a coordinator as plain text in Petabridge.Cmd's formats.
/// </summary>
public static class OperatorEndpoints
{
    private static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(10);

    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ops/cluster/show", (ActorSystem system) => Results.Text(MemberLines.Show(AkkaCluster.Get(system).State)));
        // The CLI posts {}: the JSON body only keeps cross-site forms out (see JsonBodyRequired).
        app.MapPost("/ops/cluster/down-unreachable", (ActorSystem system) => Results.Text(DownUnreachable(AkkaCluster.Get(system)))).RequireJsonBody();
        app.MapGet("/ops/cluster-sharding/regions", () => Results.Text($"{ClusterNames.TagCopyRegion}\n{ClusterNames.HostLimiterRegion}\n"));
        app.MapGet("/ops/cluster-sharding/region-stats/{type}", RegionStatsAsync);
        return app;
    }

    private static string DownUnreachable(AkkaCluster cluster)
    {
        var unreachable = cluster.State.Unreachable.ToList();
        foreach (var member in unreachable)
        {
            cluster.Down(member.Address);
        }

        return unreachable.Count == 0
            ? "no unreachable members\n"
            : string.Concat(unreachable.Select(m => $"downing {m.Address}\n"));
    }

    private static async Task<IResult> RegionStatsAsync(string type, ActorSystem system, ActorRegistry registry, CancellationToken ct)
    {
        IActorRef? region = type switch
        {
            ClusterNames.TagCopyRegion => registry.Get<TagCopyRegion>(),
            ClusterNames.HostLimiterRegion => registry.Get<HostLimiterRegion>(),
            _ => null,
        };
        if (region is null)
        {
            return Results.NotFound(new ApiError($"unknown region type \"{type}\": one of {ClusterNames.TagCopyRegion}, {ClusterNames.HostLimiterRegion}"));
        }

        try
        {
            var stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(StatsTimeout), StatsTimeout + TimeSpan.FromSeconds(2), ct);
            return Results.Text(RegionStatsText.Format(type, ClusterNames.WorkerRole, AkkaCluster.Get(system).State, stats.Regions));
        }
        catch (AskTimeoutException)
        {
            return Results.Json(new ApiError($"the {type} shard coordinator did not answer in time"), statusCode: 503);
        }
    }
}
