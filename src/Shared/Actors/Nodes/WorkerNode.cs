using Akka.Hosting;
using FluxMirror.Protocol.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FluxMirror.Actors.Nodes;

/// <summary>A worker node as a .NET host: SIGTERM runs Akka's coordinated shutdown (hand off shards, leave).</summary>
public static class WorkerNode
{
    /// <summary>Below Kubernetes' default 30 s grace + 5: hand-off, leave and exit fit in it.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddWorkerNode(this IServiceCollection services, ClusterNodeSettings settings) =>
        services
            .Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout)
            .AddNodeHealthCheckService()
            .AddAkka(ClusterNames.ActorSystem, builder => builder
                .AddMirrorClusterNode(settings, ClusterNames.WorkerRole)
                .AddWorkerRole(settings.HostLimits, settings.SubmittedConfigsOrDefault)
                .AddWorkerObservability());

    /// <summary>A worker host without console lifetime (tests, embedding).</summary>
    public static IHost Build(ClusterNodeSettings settings) => Build(settings, _ => { });

    /// <param name="logging">Where the node's logs go (the executables' console format).</param>
    public static IHost Build(ClusterNodeSettings settings, Action<ILoggingBuilder> logging) =>
        new HostBuilder().ConfigureLogging(logging).ConfigureServices(s => s.AddWorkerNode(settings)).Build();
}
