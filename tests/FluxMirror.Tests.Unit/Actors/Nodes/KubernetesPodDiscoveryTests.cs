using System.Text;
using System.Text.Json.Nodes;
using FluxMirror.Actors.Nodes;

namespace FluxMirror.Tests.Unit.Actors.Nodes;

/// <summary>
/// What the Kubernetes discovery makes of a pod list (contact points: running pods, by IP, on the port named
/// <c>bootstrap</c>) and where it finds the API server.
/// </summary>
public sealed class KubernetesPodDiscoveryTests
{
    [Fact]
    public async Task Running_pods_are_contact_points_by_ip_on_the_named_port()
    {
        var targets = await ReadAsync(
            Pod("10.1.0.7", ("akka-remote", 5055), ("bootstrap", 8558)),
            Pod("10.1.0.8", ("bootstrap", 8559)));

        Assert.Equal(["10.1.0.7:8558", "10.1.0.8:8559"], targets.Select(t => $"{t.Host}:{t.Port}"));
        Assert.Equal("10.1.0.7", targets[0].Address.ToString());
    }

    [Fact]
    public async Task Pending_terminating_unaddressed_and_portless_pods_are_left_out()
    {
        var pending = Pod("10.1.0.1", ("bootstrap", 8558));
        pending["status"]!["phase"] = "Pending";
        var terminating = Pod("10.1.0.2", ("bootstrap", 8558));
        terminating["metadata"]!["deletionTimestamp"] = "2026-12-04T08:00:00Z";
        var unaddressed = Pod("10.1.0.3", ("bootstrap", 8558));
        ((JsonObject)unaddressed["status"]!).Remove("podIP");
        // Akka.Discovery.KubernetesApi takes any port whose name contains the asked one; an exact name is asked here.
        var otherPort = Pod("10.1.0.4", ("bootstrap-tls", 9558));

        var targets = await ReadAsync(pending, terminating, unaddressed, otherPort, Pod("10.1.0.5", ("bootstrap", 8558)));

        Assert.Equal(["10.1.0.5"], targets.Select(t => t.Host));
    }

    [Fact]
    public async Task A_body_without_items_is_an_error()
    {
        var e = await Assert.ThrowsAsync<KubernetesDiscoveryException>(() =>
            KubernetesPodList.ReadTargetsAsync(new MemoryStream("{\"kind\":\"Status\"}"u8.ToArray()), "bootstrap", TestContext.Current.CancellationToken));

        Assert.Equal("the Kubernetes API answered without a pod list (no \"items\" array)", e.Message);
    }

    [Theory]
    [InlineData("10.96.0.1", "443", "https://10.96.0.1/")]
    [InlineData("10.96.0.1", "6443", "https://10.96.0.1:6443/")]
    [InlineData("fd00::1", "443", "https://[fd00::1]/")]
    public void The_api_server_is_where_the_service_variables_point(string host, string port, string expected)
    {
        var server = KubernetesPodDiscovery.ApiServer("", "H", "P", name => name == "H" ? host : name == "P" ? port : null);

        Assert.Equal(expected, server.ToString());
    }

    [Fact]
    public void An_explicit_url_wins()
    {
        Assert.Equal("https://127.0.0.1:4443/", KubernetesPodDiscovery.ApiServer("https://127.0.0.1:4443", "H", "P", _ => "10.96.0.1").ToString());
    }

    [Fact]
    public void Outside_a_pod_there_is_no_api_server()
    {
        var e = Assert.Throws<KubernetesDiscoveryException>(() => KubernetesPodDiscovery.ApiServer("", "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT", _ => null));

        Assert.Equal("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set: this node is not running in a Kubernetes pod", e.Message);
    }

    private static async Task<List<Akka.Discovery.ServiceDiscovery.ResolvedTarget>> ReadAsync(params JsonObject[] pods)
    {
        var list = new JsonObject { ["kind"] = "PodList", ["apiVersion"] = "v1", ["items"] = new JsonArray([.. pods]) };
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(list.ToJsonString()));
        return await KubernetesPodList.ReadTargetsAsync(body, "bootstrap", TestContext.Current.CancellationToken);
    }

    private static JsonObject Pod(string ip, params (string Name, int Port)[] ports) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = $"pod-{ip}", ["namespace"] = "mirror" },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "flux-mirror",
                ["ports"] = new JsonArray([.. ports.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["containerPort"] = p.Port, ["protocol"] = "TCP" })]),
            }),
        },
        ["status"] = new JsonObject { ["phase"] = "Running", ["podIP"] = ip },
    };
}
