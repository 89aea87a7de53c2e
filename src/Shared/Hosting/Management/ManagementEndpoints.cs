using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using AkkaCluster = Akka.Cluster.Cluster;

namespace FluxMirror.Hosting.Management;

/// <summary>The management port's routes: the probes a kubelet calls and the metrics Prometheus scrapes.</summary>
public static class ManagementEndpoints
{
    public const string LivenessPath = "/healthz/live";
    public const string ReadinessPath = "/healthz/ready";

    public static IEndpointRouteBuilder MapManagementApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(LivenessPath, (ActorSystem system) =>
            system.WhenTerminated.IsCompleted ? Results.StatusCode(503) : Results.Ok("live"));
        app.MapGet(ReadinessPath, (ActorSystem system) =>
            AkkaCluster.Get(system).SelfMember.Status == Akka.Cluster.MemberStatus.Up ? Results.Ok("ready") : Results.StatusCode(503));
        return app;
    }
}
