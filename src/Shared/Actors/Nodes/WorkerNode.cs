using Akka.Hosting;
using FluxMirror.Protocol.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FluxMirror.Actors.Nodes;

/// <summary>A worker node as a .NET host: SIGTERM runs Akka's coordinated shutdown (hand off shards, leave).</summary>
public static class WorkerNode
{
    /// <summary>Below Kubernetes' default 30 s grace + 5: hand-off, leave and exit fit in it.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddWorkerNode(this IServiceCollection services, ClusterNodeSettings settings) =>
        services
            .Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout)
            .AddAkka(ClusterNames.ActorSystem, builder => builder
                .AddMirrorClusterNode(settings, ClusterNames.WorkerRole)
                .AddWorkerRole(settings.HostLimits, settings.SubmittedConfigsOrDefault));

    /// <summary>A worker host without console lifetime (tests, embedding).</summary>
    public static IHost Build(ClusterNodeSettings settings) =>
        new HostBuilder().ConfigureServices(s => s.AddWorkerNode(settings)).Build();
}
