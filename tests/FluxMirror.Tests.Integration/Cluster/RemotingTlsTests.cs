using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Akka.Remote;
using FluxMirror.Actors.Nodes;
using FluxMirror.Protocol.Routing;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using AkkaCluster = Akka.Cluster.Cluster;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>
/// Remoting over mutually authenticated TLS: nodes with certificates from the cluster's CA form a cluster; a node
/// with another CA's certificate, a node that does not trust the cluster's CA and a node without TLS never become
/// members. The nodes are the production node composition without a role (nothing touches the journal).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RemotingTlsTests : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    // No actor of these nodes persists anything, so the journal is never opened (nothing listens on port 1).
    private const string UnusedJournal = "Host=127.0.0.1;Port=1;Database=unused";
    private readonly RemotingCertificates _certificates = new();
    private readonly List<IHost> _nodes = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Nodes_with_certificates_from_the_cluster_CA_form_a_cluster()
    {
        var seed = await StartSeedAsync();
        var member = await StartAsync(_certificates.Node(_certificates.Cluster), Seeds(seed));
        await AwaitUpAsync(member);

        Assert.Equal("akka.ssl.tcp", Address(seed).Protocol);
        Assert.Equal(new[] { Address(seed), Address(member) }.Order(), Members(seed).Where(m => m.Status == MemberStatus.Up).Select(m => m.Address).Order());
    }

    // CA rotation, halfway: every node trusts the old and the new CA (here the foreign one plays the new CA), so a
    // node already moved to the new CA and one still on the old CA form one cluster.
    [Fact]
    public async Task While_the_ca_file_holds_the_old_and_the_new_ca_nodes_of_either_form_a_cluster()
    {
        var seed = await StartAsync(_certificates.Node(_certificates.Cluster, _certificates.Cluster, _certificates.Foreign), []);
        var member = await StartAsync(_certificates.Node(_certificates.Foreign, _certificates.Cluster, _certificates.Foreign), Seeds(seed));
        await AwaitUpAsync(member);

        Assert.Equal(2, Members(seed).Count(m => m.Status == MemberStatus.Up));
    }

    // The outsider trusts the cluster's CA as well: only the seed's check of the certificate it presents keeps it out.
    [Fact]
    public Task A_node_with_a_foreign_certificate_is_refused_by_the_cluster() =>
        AssertNeverJoinsAsync(_certificates.Node(_certificates.Foreign, _certificates.Cluster, _certificates.Foreign));

    // Its certificate is the cluster's own: only its check of the seed's certificate keeps it out.
    [Fact]
    public Task A_node_that_does_not_trust_the_cluster_CA_refuses_the_cluster() =>
        AssertNeverJoinsAsync(_certificates.Node(_certificates.Cluster, _certificates.Foreign));

    // Its seed address is rewritten to akka.tcp://: it speaks plaintext to the TLS port.
    [Fact]
    public Task A_node_without_TLS_cannot_join_a_TLS_cluster() =>
        AssertNeverJoinsAsync(null);

    // The process as an operator starts it: settings problems are one line and exit 1, before any port is bound.
    [Fact]
    public async Task A_worker_reachable_from_other_hosts_without_TLS_refuses_to_start_with_one_line()
    {
        var result = await ProcessRunner.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "flux-mirror-worker.dll")],
            new ProcessRunOptions
            {
                Environment = new Dictionary<string, string?>
                {
                    [ClusterNodeSettings.HostnameVariable] = "0.0.0.0",
                    [ClusterNodeSettings.PostgresVariable] = UnusedJournal,
                    [RemotingTls.CertificateVariable] = null,
                    [RemotingTls.KeyVariable] = null,
                    [RemotingTls.AuthorityVariable] = null,
                    [RemotingTls.PasswordVariable] = null,
                    [RemotingTls.InsecureVariable] = null,
                },
            },
            Ct);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "✗ remoting on 0.0.0.0 would accept any peer: set FLUX_MIRROR_TLS_CERT, FLUX_MIRROR_TLS_KEY and FLUX_MIRROR_TLS_CA " +
            "(or FLUX_MIRROR_INSECURE_REMOTING=true on a network you trust)\n",
            result.StandardError);
    }

    private async Task AssertNeverJoinsAsync(RemotingTls? outsiderTls)
    {
        var seed = await StartSeedAsync();
        var seedAddress = Address(seed);
        var refused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var outsider = await StartAsync(outsiderTls, Seeds(seed), system => system.EventStream.Subscribe(
            system.ActorOf(Props.Create(() => new AssociationErrors(seedAddress, refused))),
            typeof(AssociationErrorEvent)));

        // The outsider tried the seed and failed; a node with the cluster's certificate, started after it, still
        // joins (the seed is healthy and had time to admit the outsider, had it been admissible).
        try
        {
            await refused.Task.WaitAsync(Bound, Ct);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the seed never refused {Address(outsider)} within {Bound.TotalSeconds:0}s; its status: {AkkaCluster.Get(System(outsider)).SelfMember.Status}");
        }

        var member = await StartAsync(_certificates.Node(_certificates.Cluster), Seeds(seed));
        await AwaitUpAsync(member);

        Assert.DoesNotContain(Address(outsider), Members(seed).Select(m => m.Address));
        Assert.NotEqual(MemberStatus.Up, AkkaCluster.Get(System(outsider)).SelfMember.Status);
    }

    private Task<IHost> StartSeedAsync() => StartAsync(_certificates.Node(_certificates.Cluster), []);

    private async Task<IHost> StartAsync(RemotingTls? tls, IReadOnlyList<string> seeds, Action<ActorSystem>? atStart = null)
    {
        var settings = new ClusterNodeSettings("127.0.0.1", 0, seeds, UnusedJournal, LogLevel: Akka.Event.LogLevel.WarningLevel, Tls: tls);
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka(ClusterNames.ActorSystem, builder => builder
                .AddMirrorClusterNode(settings, "remoting-tls-test")
                .AddStartup((system, _) => atStart?.Invoke(system))))
            .Build();
        _nodes.Add(host);
        await host.StartAsync(Ct);
        if (seeds.Count == 0)
        {
            await AwaitUpAsync(host);
        }

        return host;
    }

    private static async Task AwaitUpAsync(IHost host)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        AkkaCluster.Get(System(host)).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(Bound, Ct);
    }

    private static ActorSystem System(IHost host) => host.Services.GetRequiredService<ActorSystem>();

    private static Address Address(IHost host) => AkkaCluster.Get(System(host)).SelfAddress;

    private static IEnumerable<Member> Members(IHost host) => AkkaCluster.Get(System(host)).State.Members;

    private static string[] Seeds(IHost seed) => [Address(seed).ToString()];

    public async ValueTask DisposeAsync()
    {
        // Newest first, so a leaving node still has the seed to see it go.
        foreach (var host in Enumerable.Reverse(_nodes))
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }

        _certificates.Dispose();
    }

    /// <summary>Completes <paramref name="refused"/> when an association with <paramref name="peer"/>'s host and port fails (whatever the scheme).</summary>
    private sealed class AssociationErrors : ReceiveActor
    {
        public AssociationErrors(Address peer, TaskCompletionSource refused) =>
            Receive<AssociationErrorEvent>(
                e => e.RemoteAddress.Host == peer.Host && e.RemoteAddress.Port == peer.Port,
                _ => refused.TrySetResult());
    }
}
