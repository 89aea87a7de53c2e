using Microsoft.AspNetCore.Routing;

namespace FluxMirror.Hosting.Operator;

/// <summary>
/// The operator commands behind <c>flux-mirror cluster|cluster-sharding|actor|ratelimit …</c>, as plain text in
/// Petabridge.Cmd's formats. Served on every node's loopback operator port and by the coordinators' authenticated API.
/// </summary>
public static class OperatorEndpoints
{
    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder app) =>
        app.MapClusterCommands().MapShardingCommands().MapActorCommands().MapRateLimitCommands();
}
