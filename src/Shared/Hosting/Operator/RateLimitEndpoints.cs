using System.Globalization;
using System.Text;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using FluxMirror.Hosting.Http;
using FluxMirror.Protocol.Api;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using AkkaCluster = Akka.Cluster.Cluster;

namespace FluxMirror.Hosting.Operator;

/// <summary>
/// The <c>ratelimit</c> palette: <c>show</c> (every registry host with a limiter: budget, in use, waiting, paused
/// until) and <c>set HOST N[/RPS]</c>. The limiters are sharded over the workers; their hosts are read from each
/// worker's host-limiter region, and each limiter answers for itself.
/// </summary>
public static class RateLimitEndpoints
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapRateLimitCommands(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ops/ratelimit/show", ShowAsync);
        app.MapPost("/ops/ratelimit/set", SetAsync).RequireJsonBody();
        return app;
    }

    private static async Task<IResult> ShowAsync(ActorSystem system, ActorRegistry registry, CancellationToken ct)
    {
        if (!registry.TryGet<HostLimiterRegion>(out var limiters))
        {
            return Results.NotFound(new ApiError("this node has no host limiters"));
        }

        var hosts = await HostsAsync(system, ct);
        var states = await Task.WhenAll(hosts.Select(h => AskAsync(limiters, new GetHostLimit(h), ct)));
        var text = new StringBuilder();
        foreach (var state in states.OrderBy(s => s.Host, StringComparer.Ordinal))
        {
            text.Append(HostLimitLines.Line(state)).Append('\n');
        }

        return Results.Text(text.Append(CultureInfo.InvariantCulture, $"Count: {states.Length} hosts\n").ToString());
    }

    private static async Task<IResult> SetAsync(ActorRegistry registry, string? host, string? limit, CancellationToken ct)
    {
        if (!registry.TryGet<HostLimiterRegion>(out var limiters))
        {
            return Results.NotFound(new ApiError("this node has no host limiters"));
        }

        if (string.IsNullOrWhiteSpace(host) || !HostLimitLines.TryParseLimit(limit, out var max, out var rate))
        {
            return Results.BadRequest(new ApiError($"ratelimit set takes HOST N[/RPS] with N ≥ 1 requests in flight and RPS ≥ 0 requests per second, got \"{host} {limit}\""));
        }

        var state = await AskAsync(limiters, new SetHostLimit(host.Trim(), max, rate), ct);
        return Results.Text(HostLimitLines.Line(state) + "\n(until the limiter restarts; FLUX_MIRROR_HOST_LIMITS on the workers makes it permanent)\n");
    }

    /// <summary>The hosts with a running limiter: the entity ids of every worker's host-limiter region.</summary>
    private static async Task<IReadOnlyList<string>> HostsAsync(ActorSystem system, CancellationToken ct)
    {
        var workers = AkkaCluster.Get(system).State.Members.Where(m => m.HasRole(ClusterNames.WorkerRole) && m.Status == Akka.Cluster.MemberStatus.Up);
        var regions = await Task.WhenAll(workers.Select(async w =>
        {
            try
            {
                var region = system.ActorSelection(new RootActorPath(w.Address) / "system" / "sharding" / ClusterNames.HostLimiterRegion);
                return (await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, QueryTimeout, ct)).Shards.SelectMany(s => s.EntityIds);
            }
            catch (AskTimeoutException)
            {
                return [];
            }
        }));
        return [.. regions.SelectMany(ids => ids).Distinct(StringComparer.Ordinal)];
    }

    private static Task<HostLimitState> AskAsync(IActorRef limiters, IWithHost query, CancellationToken ct) =>
        limiters.Ask<HostLimitState>(query, QueryTimeout, ct);
}
