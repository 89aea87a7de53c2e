using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using FluxMirror.Actors.JobManagement;
using FluxMirror.Actors.Nodes;
using FluxMirror.Coordinator.Commands;
using FluxMirror.Protocol.Routing;
using FluxMirror.TestSupport.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using AkkaCluster = Akka.Cluster.Cluster;

namespace FluxMirror.TestSupport.Cluster;

/// <summary>
/// One or more coordinators and N workers as separate hosts in this process on 127.0.0.1 (port 0), sharing a real
/// PostgreSQL journal: the first coordinator founds the cluster, the other nodes seed from its address.
/// </summary>
public sealed class InProcessCluster : IAsyncDisposable
{
    private static readonly TimeSpan FormationTimeout = TimeSpan.FromSeconds(60);
    private readonly List<IHost> _hosts = [];
    private readonly List<IHost> _coordinators = [];
    private readonly List<IHost> _workers = [];
    private readonly List<IHost> _aborted = [];

    private InProcessCluster(PostgresProcess postgres) => Postgres = postgres;

    public PostgresProcess Postgres { get; }

    /// <summary>The first coordinator's job API.</summary>
    public string HttpUrl => HttpUrls[0];

    /// <summary>Every coordinator's job API, in start order.</summary>
    public List<string> HttpUrls { get; } = [];

    /// <summary>The first (oldest) coordinator: it hosts the job manager singleton until it goes away.</summary>
    public IHost Coordinator => _coordinators[0];

    public IReadOnlyList<IHost> Coordinators => _coordinators;

    public IReadOnlyList<IHost> Workers => _workers;

    /// <param name="buildWorker">Builds a worker host from its settings; <see cref="WorkerNode.Build"/> unless given.</param>
    /// <param name="coordinators">Coordinator nodes; the first founds the cluster, the others are there for fail-over.</param>
    public static async Task<InProcessCluster> StartAsync(int workers, CancellationToken ct, Func<ClusterNodeSettings, IHost>? buildWorker = null, int coordinators = 1)
    {
        buildWorker ??= WorkerNode.Build;
        var cluster = new InProcessCluster(await PostgresProcess.StartAsync(ct));
        try
        {
            IReadOnlyList<string> seeds = [];
            for (var i = 0; i < coordinators; i++)
            {
                var httpPort = FreePort.Next();
                var coordinator = CoordinatorCommand.BuildApp(cluster.Settings(seeds), "127.0.0.1", httpPort);
                cluster.HttpUrls.Add($"http://127.0.0.1:{httpPort}");
                cluster._coordinators.Add(coordinator);
                await cluster.StartAsync(coordinator, ct);
                seeds = [Address(cluster.Coordinator)];
            }

            for (var i = 0; i < workers; i++)
            {
                var worker = buildWorker(cluster.Settings(seeds));
                cluster._workers.Add(worker);
                await cluster.StartAsync(worker, ct);
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

    /// <summary>A job client on <paramref name="coordinator"/> (the first coordinator unless given).</summary>
    public JobManagerClient Client(IHost? coordinator = null)
    {
        coordinator ??= Coordinator;
        return new(System(coordinator), coordinator.Services.GetRequiredService<ActorRegistry>().Get<JobManager>());
    }

    /// <summary>
    /// Kills a node's actor system without any graceful shutdown (no hand-off, no leaving), as a crashed
    /// process would, then downs it from a surviving node as an operator or split-brain resolver would.
    /// Completes when the coordinator has removed it from the membership.
    /// </summary>
    public async Task CrashAndDownAsync(IHost node, CancellationToken ct)
    {
        var system = System(node);
        var address = AkkaCluster.Get(system).SelfAddress;
        _hosts.Remove(node);
        _coordinators.Remove(node);
        _workers.Remove(node);
        _aborted.Add(node);
        ((ExtendedActorSystem)system).Abort();
        await system.WhenTerminated.WaitAsync(FormationTimeout, ct);
        await CloseConnectionsAsync(node);
        var survivor = AkkaCluster.Get(System(_hosts[0]));
        survivor.Down(address);
        await Eventually.TrueAsync(
            () => Task.FromResult(survivor.State.Members.All(m => m.Address != address)),
            FormationTimeout,
            $"{address} to be removed from the cluster",
            ct);
    }

    // A crashed process takes its sockets with it; here the web server outlives the aborted actor system, so
    // stop it too, or an HTTP follower of this node would wait on a stream nothing writes to any more.
    private static async Task CloseConnectionsAsync(IHost node)
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await node.StopAsync(grace.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or AggregateException)
        {
            // Stopping a host whose actor system is already gone may complain; the sockets are closed either way.
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _aborted)
        {
            host.Dispose();
        }

        // Workers leave first, while a coordinator is still there to see them go: stopping every node at once
        // makes each wait out its shutdown timeouts for peers that vanished.
        await StopAllAsync(_workers);
        await StopAllAsync(_coordinators);
        await Postgres.DisposeAsync();
    }

    // Short downing times: a crashed node's shards and the singleton move within seconds, not the production ~30 s.
    public static DowningTimes TestDowning { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));

    private static Task StopAllAsync(IEnumerable<IHost> hosts) => Task.WhenAll(hosts.ToList().Select(async h =>
    {
        await h.StopAsync(CancellationToken.None);
        h.Dispose();
    }));

    private ClusterNodeSettings Settings(IReadOnlyList<string> seeds) =>
        new("127.0.0.1", 0, seeds, Postgres.ConnectionString, LogLevel: Akka.Event.LogLevel.WarningLevel, Downing: TestDowning);

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
