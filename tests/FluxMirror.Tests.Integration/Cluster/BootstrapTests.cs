using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Akka.Cluster;
using FluxMirror.Actors.Nodes;
using FluxMirror.TestSupport.Cloud;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Kubernetes;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>
/// Cluster Bootstrap forms one cluster without seed nodes: from the pods a Kestrel fake of the Kubernetes API lists
/// (HTTPS with its own CA, the service-account token, a label selector), or from a fixed endpoint list. A node whose
/// API server does not answer stays out of any cluster and keeps running.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BootstrapTests : IAsyncDisposable
{
    private const string Namespace = "mirror";
    private const string Token = "service-account-token-for-bootstrap";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(40);
    private static readonly Dictionary<string, string> MirrorLabels = new() { ["app.kubernetes.io/name"] = "flux-mirror", ["app.kubernetes.io/component"] = "worker" };

    private readonly BootstrapNodes _nodes = new();
    private readonly CloudTrust _trust = new();
    private readonly RemotingCertificates _certificates = new();
    private readonly string _serviceAccount = TempDirectory.Create("bootstrap-sa");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_nodes_listed_by_the_kubernetes_api_form_one_cluster_over_tls()
    {
        await using var api = await FakeKubernetesApi.StartAsync(_trust, Token, Ct);
        var ports = BootstrapNodes.BootstrapPorts(3);
        for (var i = 0; i < ports.Length; i++)
        {
            api.AddPod(Namespace, $"flux-mirror-worker-{i}", MirrorLabels, "127.0.0.1", ("akka-remote", 5055), ("bootstrap", ports[i]));
        }

        // Another application's pod in the namespace: its contact point would never answer, and the bootstrap waits
        // for every contact point it discovered, so it must not be listed.
        api.AddPod(Namespace, "other-app-0", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "other" }, "127.0.0.1", ("bootstrap", FreePort.Next()));

        var hocon = ServiceAccountHocon($"https://127.0.0.1:{new Uri(api.Server).Port}");
        var nodes = await Task.WhenAll(ports.Select(port => _nodes.StartAsync(ClusterDiscovery.Kubernetes(port, requiredContactPoints: 3), _certificates.Node(_certificates.Cluster), hocon, Ct)));
        await Task.WhenAll(nodes.Select(n => BootstrapNodes.AwaitUpAsync(n, Bound, Ct)));

        var addresses = nodes.Select(n => BootstrapNodes.Cluster(n).SelfAddress).Order().ToList();
        Assert.All(addresses, a => Assert.Equal("akka.ssl.tcp", a.Protocol));
        // One cluster: every node sees the same three members Up and the same leader.
        await Eventually.TrueAsync(
            () => Task.FromResult(nodes.All(n => BootstrapNodes.UpMembers(n).SequenceEqual(addresses))),
            Bound,
            "every node to see the three members Up",
            Ct);
        Assert.Single(nodes.Select(n => BootstrapNodes.Cluster(n).State.Leader).Distinct());

        var lists = api.Requests.Where(r => r.PathAndQuery.StartsWith($"/api/v1/namespaces/{Namespace}/pods", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lists);
        Assert.All(lists, r =>
        {
            Assert.Equal("GET", r.Method);
            Assert.Equal($"/api/v1/namespaces/{Namespace}/pods?labelSelector=app.kubernetes.io%2Fname%3Dflux-mirror", r.PathAndQuery);
            Assert.Equal($"Bearer {Token}", r.Headers["Authorization"]);
        });
    }

    [Fact]
    public async Task Two_nodes_from_a_config_endpoint_list_form_one_cluster()
    {
        var ports = BootstrapNodes.BootstrapPorts(2);
        var endpoints = ports.Select(p => new DnsEndPoint("127.0.0.1", p)).ToList();

        var nodes = await Task.WhenAll(ports.Select(port => _nodes.StartAsync(ClusterDiscovery.Config(port, endpoints), null, "", Ct)));
        await Task.WhenAll(nodes.Select(n => BootstrapNodes.AwaitUpAsync(n, Bound, Ct)));

        var addresses = nodes.Select(n => BootstrapNodes.Cluster(n).SelfAddress).Order().ToList();
        await Eventually.TrueAsync(
            () => Task.FromResult(nodes.All(n => BootstrapNodes.UpMembers(n).SequenceEqual(addresses))),
            Bound,
            "both nodes to see the two members Up",
            Ct);
    }

    // The API server's port accepts connections and drops them: discovery fails on every attempt. The node keeps
    // trying, serves its contact point, and never founds a cluster of its own.
    [Fact]
    public async Task A_node_whose_kubernetes_api_does_not_answer_stays_out_and_keeps_running()
    {
        var attempts = 0;
        await using var deadApi = new TcpAcceptLoop(client =>
        {
            Interlocked.Increment(ref attempts);
            client.Dispose();
            return Task.CompletedTask;
        });
        var port = BootstrapNodes.BootstrapPorts(1)[0];

        var node = await _nodes.StartAsync(ClusterDiscovery.Kubernetes(port, requiredContactPoints: 1), null, ServiceAccountHocon($"https://127.0.0.1:{deadApi.Port}"), Ct);

        // Three failed lookups, each after a back-off: long past the 1 s stable margin a lone node would need.
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref attempts) >= 3), Bound, "three pod-list attempts", Ct);
        var cluster = BootstrapNodes.Cluster(node);
        Assert.NotEqual(MemberStatus.Up, cluster.SelfMember.Status);
        Assert.Empty(cluster.State.Members);
        Assert.False(BootstrapNodes.System(node).WhenTerminated.IsCompleted);

        // The contact point answers, and tells no more than this node's remoting address and the (no) members.
        using var http = new HttpClient();
        var seedNodes = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/bootstrap/seed-nodes", Ct))!.AsObject();
        Assert.Equal(["Nodes", "SelfNode"], seedNodes.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(cluster.SelfAddress.Port, seedNodes["SelfNode"]!["Port"]!.GetValue<int>());
        Assert.Empty(seedNodes["Nodes"]!.AsArray());
        using var other = await http.GetAsync($"http://127.0.0.1:{port}/remote-address", Ct);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    // The process as an operator starts it: contradictory settings are one line and exit 1, before any port is bound.
    [Fact]
    public async Task A_worker_given_seeds_and_kubernetes_discovery_refuses_to_start_with_one_line()
    {
        var result = await ProcessRunner.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "flux-mirror-worker.dll")],
            new ProcessRunOptions
            {
                Environment = new Dictionary<string, string?>
                {
                    [ClusterNodeSettings.PostgresVariable] = "Host=127.0.0.1;Port=1;Database=unused",
                    [ClusterNodeSettings.SeedsVariable] = "akka.tcp://flux-mirror@127.0.0.1:5055",
                    [ClusterDiscovery.MethodVariable] = "kubernetes",
                },
            },
            Ct);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "✗ FLUX_MIRROR_SEEDS and FLUX_MIRROR_DISCOVERY=kubernetes contradict each other: the bootstrap finds the seed nodes; unset FLUX_MIRROR_SEEDS\n",
            result.StandardError);
    }

    private string ServiceAccountHocon(string apiServer)
    {
        var token = Path.Combine(_serviceAccount, "token");
        var ns = Path.Combine(_serviceAccount, "namespace");
        File.WriteAllText(token, Token + "\n");
        File.WriteAllText(ns, Namespace);
        return $$"""
            akka.discovery.kubernetes-pods {
              api-server-url = "{{apiServer}}"
              api-ca-path = "{{_trust.BundlePath}}"
              api-token-path = "{{token}}"
              pod-namespace-path = "{{ns}}"
            }
            """;
    }

    public async ValueTask DisposeAsync()
    {
        await _nodes.DisposeAsync();
        _certificates.Dispose();
        _trust.Dispose();
        TempDirectory.TryDelete(_serviceAccount);
    }
}
