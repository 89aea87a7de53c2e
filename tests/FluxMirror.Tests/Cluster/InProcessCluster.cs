using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using FluxMirror.Coordinator.Cluster;
using FluxMirror.Tests.Infrastructure;
using FluxMirror.Worker.Cluster;
using FluxMirror.Worker.TagCopy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using AkkaCluster = Akka.Cluster.Cluster;

namespace FluxMirror.Tests.Cluster;

/// <summary>
/// One coordinator and N workers as separate hosts in this process on 127.0.0.1 (port 0), sharing a real
/// PostgreSQL journal: the coordinator founds the cluster, the workers seed from its address.
/// </summary>
internal sealed class InProcessCluster : IAsyncDisposable
{
    private static readonly TimeSpan FormationTimeout = TimeSpan.FromSeconds(60);
    private readonly List<IHost> _hosts = [];
    private readonly List<IHost> _aborted = [];

    private InProcessCluster(PostgresProcess postgres) => Postgres = postgres;

    public PostgresProcess Postgres { get; }

    /// <summary>The coordinator's job API.</summary>
    public string HttpUrl { get; private set; } = "";

    public IHost Coordinator => _hosts[0];

    public IReadOnlyList<IHost> Workers => _hosts.Skip(1).ToList();

    /// <param name="buildWorker">Builds a worker host from its settings; <see cref="WorkerNode.Build"/> unless given.</param>
    public static async Task<InProcessCluster> StartAsync(int workers, CancellationToken ct, Func<ClusterNodeSettings, IHost>? buildWorker = null)
    {
        buildWorker ??= WorkerNode.Build;
        var cluster = new InProcessCluster(await PostgresProcess.StartAsync(ct));
        try
        {
            var httpPort = FreePort.Next();
            var coordinator = CoordinatorCommand.BuildApp(cluster.Settings([]), "127.0.0.1", httpPort);
            cluster.HttpUrl = $"http://127.0.0.1:{httpPort}";
            await cluster.StartAsync(coordinator, ct);
            var seed = AkkaCluster.Get(System(coordinator)).SelfAddress.ToString();
            for (var i = 0; i < workers; i++)
            {
                await cluster.StartAsync(buildWorker(cluster.Settings([seed])), ct);
            }

            await cluster.AwaitRegionsAsync(workers, ct);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public static ActorSystem System(IHost host) => host.Services.GetRequiredService<ActorSystem>();

    public static string Address(IHost host) => AkkaCluster.Get(System(host)).SelfAddress.ToString();

    public ClusterJobClient Client() =>
        new(System(Coordinator), Coordinator.Services.GetRequiredService<ActorRegistry>().Get<JobManager>());

    /// <summary>
    /// Kills a worker's actor system without any graceful shutdown (no hand-off, no leaving), as a crashed
    /// process would, then downs it from the coordinator as an operator or split-brain resolver would.
    /// Completes when the coordinator has removed it from the membership.
    /// </summary>
    public async Task CrashAndDownAsync(IHost worker, CancellationToken ct)
    {
        var system = System(worker);
        var address = AkkaCluster.Get(system).SelfAddress;
        _hosts.Remove(worker);
        _aborted.Add(worker);
        ((ExtendedActorSystem)system).Abort();
        await system.WhenTerminated.WaitAsync(FormationTimeout, ct);
        var coordinator = AkkaCluster.Get(System(Coordinator));
        coordinator.Down(address);
        await Eventually.TrueAsync(
            () => Task.FromResult(coordinator.State.Members.All(m => m.Address != address)),
            FormationTimeout,
            $"{address} to be removed from the cluster",
            ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _aborted)
        {
            host.Dispose();
        }

        await Task.WhenAll(_hosts.Select(async h =>
        {
            await h.StopAsync(CancellationToken.None);
            h.Dispose();
        }));
        await Postgres.DisposeAsync();
    }

    private ClusterNodeSettings Settings(IReadOnlyList<string> seeds) =>
        new("127.0.0.1", 0, seeds, Postgres.ConnectionString, LogLevel: Akka.Event.LogLevel.WarningLevel);

    private async Task StartAsync(IHost host, CancellationToken ct)
    {
        _hosts.Add(host);
        await host.StartAsync(ct);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        AkkaCluster.Get(System(host)).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(FormationTimeout, ct);
    }

    // Shards are allocated to the regions the sharding coordinator knows; wait until it knows every worker,
    // or the first job's shards could all land on the first worker. Asked of a real region: proxies answer empty.
    private async Task AwaitRegionsAsync(int workers, CancellationToken ct)
    {
        var region = Workers[0].Services.GetRequiredService<ActorRegistry>().Get<TagCopyRegion>();
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    return (await region.Ask<CurrentRegions>(GetCurrentRegions.Instance, TimeSpan.FromSeconds(5), ct)).Regions.Count >= workers;
                }
                catch (AskTimeoutException)
                {
                    return false; // the sharding coordinator is not up yet
                }
            },
            FormationTimeout,
            $"{workers} tag-copy regions",
            ct);
    }
}
