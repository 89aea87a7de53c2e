using Akka.Hosting;
using FluxMirror.Actors.Jobs;
using FluxMirror.Protocol.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FluxMirror.Actors.Nodes;

/// <summary>The coordinator node's actor system as services of a host (the command adds the HTTP API on top).</summary>
public static class CoordinatorNode
{
    public static IServiceCollection AddCoordinatorNode(this IServiceCollection services, ClusterNodeSettings settings) =>
        services
            .Configure<HostOptions>(o => o.ShutdownTimeout = WorkerNode.ShutdownTimeout)
            .AddNodeHealthCheckService()
            .AddAkka(ClusterNames.ActorSystem, builder => builder
                .AddMirrorClusterNode(settings, ClusterNames.CoordinatorRole)
                .AddCoordinatorRole(settings.MaxRunningJobs, settings.JobCoordinator ?? JobCoordinatorSettings.Default, settings.SubmittedConfigsOrDefault, settings.JobRetention ?? JobIndexActor.DefaultRetention)
                .AddCoordinatorObservability());

    /// <summary>A coordinator without HTTP (tests, embedding).</summary>
    public static IHost Build(ClusterNodeSettings settings) =>
        new HostBuilder().ConfigureServices(s => s.AddCoordinatorNode(settings)).Build();
}
