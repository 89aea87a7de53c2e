using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using FluxMirror.Actors.Nodes;
using FluxMirror.Protocol.Routing;
using FluxMirror.TestSupport.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using AkkaCluster = Akka.Cluster.Cluster;

namespace FluxMirror.TestSupport.Cluster;

/// <summary>
/// Nodes in this process that find each other through Cluster Bootstrap: the production node composition without a
/// role (nothing opens the journal), remoting on port 0 (the contact point reports the bound address), each with a
/// bootstrap port of its own on 127.0.0.1. Bootstrap's timers are shortened so a cluster forms in seconds.
/// </summary>
public sealed class BootstrapNodes : IAsyncDisposable
{
    // Production waits 5 s for a stable set of contact points and probes every 5 s; a test cannot.
    private const string FastBootstrap = """
        akka.management.cluster.bootstrap.contact-point-discovery {
          stable-margin = 1s
          interval = 500ms
          exponential-backoff-max = 2s
        }
        akka.management.cluster.bootstrap.contact-point.probe-interval = 500ms
        """;

    // No actor of these nodes persists anything, so the journal is never opened (nothing listens on port 1).
    private const string UnusedJournal = "Host=127.0.0.1;Port=1;Database=unused";

    private readonly List<IHost> _hosts = [];

    public IReadOnlyList<IHost> Hosts => _hosts;

    /// <summary>Free loopback ports for <paramref name="count"/> contact points.</summary>
    public static int[] BootstrapPorts(int count) => [.. Enumerable.Range(0, count).Select(_ => FreePort.Next())];

    /// <summary>Starts a node with <paramref name="discovery"/>; <paramref name="hocon"/> overrides the discovery's settings (API server, files).</summary>
    public async Task<IHost> StartAsync(ClusterDiscovery discovery, RemotingTls? tls, string hocon, CancellationToken ct)
    {
        var settings = new ClusterNodeSettings("127.0.0.1", 0, [], UnusedJournal, LogLevel: Akka.Event.LogLevel.WarningLevel, Tls: tls, Discovery: discovery);
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka(ClusterNames.ActorSystem, builder => builder
                .AddMirrorClusterNode(settings, "bootstrap-test")
                .AddHocon(FastBootstrap + "\n" + hocon, HoconAddMode.Prepend)))
            .Build();
        _hosts.Add(host);
        await host.StartAsync(ct);
        return host;
    }

    public static ActorSystem System(IHost host) => host.Services.GetRequiredService<ActorSystem>();

    public static AkkaCluster Cluster(IHost host) => AkkaCluster.Get(System(host));

    public static async Task AwaitUpAsync(IHost host, TimeSpan bound, CancellationToken ct)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster(host).RegisterOnMemberUp(() => up.TrySetResult());
        try
        {
            await up.Task.WaitAsync(bound, ct);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{Cluster(host).SelfAddress} was not Up within {bound.TotalSeconds:0}s; it is {Cluster(host).SelfMember.Status}");
        }
    }

    /// <summary>The addresses <paramref name="host"/> sees as Up members.</summary>
    public static IEnumerable<Address> UpMembers(IHost host) =>
        Cluster(host).State.Members.Where(m => m.Status == MemberStatus.Up).Select(m => m.Address).Order();

    public async ValueTask DisposeAsync()
    {
        // Newest first, so a leaving node still has the others to see it go.
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }
}
