using Akka.Actor;
using FluxMirror.Hosting.Http;
using FluxMirror.Protocol.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using AkkaCluster = Akka.Cluster.Cluster;

namespace FluxMirror.Hosting.Operator;

/// <summary>
/// The <c>cluster</c> palette: show, leader, join, leave, down, down-unreachable, tail. Join and leave act on the node
/// that answers (as pbm's do on the node it is connected to); down acts on any member. State-changing routes are POSTs
/// with a JSON body (see <see cref="JsonBodyRequired"/>).
/// </summary>
public static class ClusterCommandEndpoints
{
    public static IEndpointRouteBuilder MapClusterCommands(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ops/cluster/show", (ActorSystem system) => Results.Text(MemberLines.Show(AkkaCluster.Get(system).State)));
        app.MapGet("/ops/cluster/leader", (ActorSystem system, string? role) => Results.Text(Leader(AkkaCluster.Get(system), role)));
        app.MapPost("/ops/cluster/join", (ActorSystem system, string? address) => Act(system, address, Target.AnyNode, (c, a) =>
        {
            c.Join(a);
            return $"joining {a}\n";
        })).RequireJsonBody();
        app.MapPost("/ops/cluster/leave", (ActorSystem system, string? address) => Act(system, address, Target.MemberOrSelf, (c, a) =>
        {
            c.Leave(a);
            return $"leaving {a}\n";
        })).RequireJsonBody();
        app.MapPost("/ops/cluster/down", (ActorSystem system, string? address) => Act(system, address, Target.Member, (c, a) =>
        {
            c.Down(a);
            return $"downing {a}\n";
        })).RequireJsonBody();
        // The CLI posts {}: the JSON body only keeps cross-site forms out.
        app.MapPost("/ops/cluster/down-unreachable", (ActorSystem system) => Results.Text(DownUnreachable(AkkaCluster.Get(system)))).RequireJsonBody();
        app.MapGet("/ops/cluster/tail", MemberEventTail.StreamAsync);
        return app;
    }

    private static string Leader(AkkaCluster cluster, string? role)
    {
        var leader = string.IsNullOrEmpty(role) ? cluster.State.Leader : cluster.State.RoleLeader(role);
        return leader is null ? $"no leader{(string.IsNullOrEmpty(role) ? "" : $" for role {role}")}\n" : $"{leader}\n";
    }

    private enum Target
    {
        /// <summary>Any actor system address (join: a node of the cluster to join).</summary>
        AnyNode,

        /// <summary>A current member; required.</summary>
        Member,

        /// <summary>A current member; this node when none is given.</summary>
        MemberOrSelf,
    }

    private static IResult Act(ActorSystem system, string? addressText, Target target, Func<AkkaCluster, Address, string> act)
    {
        var cluster = AkkaCluster.Get(system);
        if (string.IsNullOrWhiteSpace(addressText))
        {
            return target == Target.MemberOrSelf
                ? Results.Text(act(cluster, cluster.SelfAddress))
                : Results.BadRequest(new ApiError("an address is required (-a akka.tcp://flux-mirror@host:port)"));
        }

        Address address;
        try
        {
            address = Address.Parse(addressText);
        }
        catch (Exception ex) when (ex is UriFormatException or ArgumentException or FormatException)
        {
            return Results.BadRequest(new ApiError($"\"{addressText}\" is not an actor system address (akka.tcp://flux-mirror@host:port)"));
        }

        // Leave and down of an address that is no member would do nothing, silently: say so instead.
        if (target != Target.AnyNode && !cluster.State.Members.Any(m => m.Address.Equals(address)))
        {
            return Results.NotFound(new ApiError($"{address} is not a member of this cluster (see cluster show)"));
        }

        return Results.Text(act(cluster, address));
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
}
