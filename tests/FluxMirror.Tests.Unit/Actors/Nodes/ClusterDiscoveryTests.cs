using System.Net;
using FluxMirror.Actors.Nodes;

namespace FluxMirror.Tests.Unit.Actors.Nodes;

/// <summary>
/// FLUX_MIRROR_DISCOVERY picks how a node finds the cluster: seed nodes (the default, as before), Cluster Bootstrap
/// over the Kubernetes API, or over a fixed endpoint list. Bad or contradictory settings stop the node with one line.
/// </summary>
public sealed class ClusterDiscoveryTests
{
    [Fact]
    public void Unset_keeps_the_seed_nodes()
    {
        var settings = ClusterNodeSettings.FromEnvironment(Env(("FLUX_MIRROR_SEEDS", "akka.tcp://flux-mirror@10.0.0.1:5055")));

        Assert.Null(settings.Discovery);
        Assert.Equal(["akka.tcp://flux-mirror@10.0.0.1:5055"], settings.Seeds);
    }

    [Fact]
    public void Seeds_is_the_default_spelled_out()
    {
        Assert.Null(ClusterNodeSettings.FromEnvironment(Env(("FLUX_MIRROR_DISCOVERY", "seeds"))).Discovery);
    }

    [Fact]
    public void Kubernetes_has_the_defaults_the_deploy_files_use()
    {
        var discovery = Parse(("FLUX_MIRROR_DISCOVERY", "kubernetes"), ("FLUX_MIRROR_HOSTNAME", "10.1.2.3"), ("FLUX_MIRROR_INSECURE_REMOTING", "true"));

        Assert.Equal(new ClusterDiscovery(DiscoveryMethod.Kubernetes, "flux-mirror", 2, 8558, LabelSelector: "app.kubernetes.io/name=flux-mirror"), discovery);
        Assert.Equal("10.1.2.3", discovery.AdvertisedHost("10.1.2.3", "worker-0.flux-mirror-worker.ns.svc"));
    }

    [Fact]
    public void Kubernetes_takes_every_variable()
    {
        var discovery = Parse(
            ("FLUX_MIRROR_DISCOVERY", "Kubernetes"),
            ("FLUX_MIRROR_DISCOVERY_SERVICE", "mirror-prod"),
            ("FLUX_MIRROR_DISCOVERY_LABEL_SELECTOR", "app.kubernetes.io/part-of=flux-mirror,tier=mirror"),
            ("FLUX_MIRROR_REQUIRED_CONTACT_POINTS", "3"),
            ("FLUX_MIRROR_BOOTSTRAP_PORT", "18558"));

        Assert.Equal(new ClusterDiscovery(DiscoveryMethod.Kubernetes, "mirror-prod", 3, 18558, LabelSelector: "app.kubernetes.io/part-of=flux-mirror,tier=mirror"), discovery);
    }

    [Fact]
    public void Config_reads_the_endpoint_list_and_advertises_the_public_hostname()
    {
        var discovery = Parse(
            ("FLUX_MIRROR_DISCOVERY", "config"),
            ("FLUX_MIRROR_DISCOVERY_ENDPOINTS", "coordinator:8558, worker-1:8558,worker-2:9558"),
            ("FLUX_MIRROR_HOSTNAME", "0.0.0.0"),
            ("FLUX_MIRROR_PUBLIC_HOSTNAME", "worker-1"),
            ("FLUX_MIRROR_INSECURE_REMOTING", "true"));

        Assert.Equal(DiscoveryMethod.Config, discovery.Method);
        Assert.Equal([new DnsEndPoint("coordinator", 8558), new DnsEndPoint("worker-1", 8558), new DnsEndPoint("worker-2", 9558)], discovery.Endpoints);
        Assert.Equal(2, discovery.RequiredContactPoints);
        Assert.Null(discovery.LabelSelector);
        Assert.Equal("worker-1", discovery.AdvertisedHost("0.0.0.0", "worker-1"));
    }

    [Theory]
    [InlineData("dns", "FLUX_MIRROR_DISCOVERY must be seeds, kubernetes or config, got \"dns\"")]
    [InlineData("kubernetes,config", "FLUX_MIRROR_DISCOVERY must be seeds, kubernetes or config, got \"kubernetes,config\"")]
    public void An_unknown_method_is_refused(string value, string message) =>
        AssertRefused(message, ("FLUX_MIRROR_DISCOVERY", value));

    [Theory]
    [InlineData("FLUX_MIRROR_REQUIRED_CONTACT_POINTS", "0", "FLUX_MIRROR_REQUIRED_CONTACT_POINTS must be a number of nodes from 1 to 1000, got \"0\"")]
    [InlineData("FLUX_MIRROR_REQUIRED_CONTACT_POINTS", "two", "FLUX_MIRROR_REQUIRED_CONTACT_POINTS must be a number of nodes from 1 to 1000, got \"two\"")]
    [InlineData("FLUX_MIRROR_BOOTSTRAP_PORT", "0", "FLUX_MIRROR_BOOTSTRAP_PORT must be a port number between 1 and 65535, got \"0\"")]
    [InlineData("FLUX_MIRROR_BOOTSTRAP_PORT", "65536", "FLUX_MIRROR_BOOTSTRAP_PORT must be a port number between 1 and 65535, got \"65536\"")]
    [InlineData("FLUX_MIRROR_BOOTSTRAP_PORT", "off", "FLUX_MIRROR_BOOTSTRAP_PORT must be a port number between 1 and 65535, got \"off\"")]
    public void A_bad_number_is_refused(string variable, string value, string message) =>
        AssertRefused(message, ("FLUX_MIRROR_DISCOVERY", "kubernetes"), (variable, value));

    [Theory]
    [InlineData("worker-1", "FLUX_MIRROR_DISCOVERY_ENDPOINTS must list host:port entries separated by commas, got \"worker-1\"")]
    [InlineData("worker-1:8558,:8558", "FLUX_MIRROR_DISCOVERY_ENDPOINTS must list host:port entries separated by commas, got \":8558\"")]
    [InlineData("worker-1:0", "FLUX_MIRROR_DISCOVERY_ENDPOINTS must list host:port entries separated by commas, got \"worker-1:0\"")]
    [InlineData("http://worker-1:8558", "FLUX_MIRROR_DISCOVERY_ENDPOINTS must list host:port entries separated by commas, got \"http://worker-1:8558\"")]
    public void A_bad_endpoint_is_refused(string value, string message) =>
        AssertRefused(message, ("FLUX_MIRROR_DISCOVERY", "config"), ("FLUX_MIRROR_DISCOVERY_ENDPOINTS", value));

    [Fact]
    public void Config_without_endpoints_is_refused() =>
        AssertRefused(
            "FLUX_MIRROR_DISCOVERY=config needs FLUX_MIRROR_DISCOVERY_ENDPOINTS: the nodes' bootstrap addresses as host:port,host:port",
            ("FLUX_MIRROR_DISCOVERY", "config"));

    [Fact]
    public void More_required_contact_points_than_endpoints_is_refused() =>
        AssertRefused(
            "FLUX_MIRROR_REQUIRED_CONTACT_POINTS=3 can never be met by the 2 endpoint(s) of FLUX_MIRROR_DISCOVERY_ENDPOINTS",
            ("FLUX_MIRROR_DISCOVERY", "config"),
            ("FLUX_MIRROR_DISCOVERY_ENDPOINTS", "a:8558,b:8558"),
            ("FLUX_MIRROR_REQUIRED_CONTACT_POINTS", "3"));

    [Theory]
    [InlineData("kubernetes")]
    [InlineData("config")]
    public void Seeds_with_bootstrap_are_refused(string method) =>
        AssertRefused(
            $"FLUX_MIRROR_SEEDS and FLUX_MIRROR_DISCOVERY={method} contradict each other: the bootstrap finds the seed nodes; unset FLUX_MIRROR_SEEDS",
            ("FLUX_MIRROR_DISCOVERY", method),
            ("FLUX_MIRROR_DISCOVERY_ENDPOINTS", "a:8558,b:8558"),
            ("FLUX_MIRROR_SEEDS", "akka.tcp://flux-mirror@10.0.0.1:5055"));

    [Theory]
    [InlineData("FLUX_MIRROR_DISCOVERY_ENDPOINTS", "a:8558")]
    [InlineData("FLUX_MIRROR_DISCOVERY_LABEL_SELECTOR", "app=x")]
    [InlineData("FLUX_MIRROR_REQUIRED_CONTACT_POINTS", "2")]
    [InlineData("FLUX_MIRROR_BOOTSTRAP_PORT", "8558")]
    [InlineData("FLUX_MIRROR_DISCOVERY_SERVICE", "flux-mirror")]
    public void A_bootstrap_variable_without_bootstrap_is_refused(string variable, string value) =>
        AssertRefused($"{variable} is only used with FLUX_MIRROR_DISCOVERY=kubernetes or config; this node uses seed nodes", (variable, value));

    [Fact]
    public void Endpoints_with_kubernetes_are_refused() =>
        AssertRefused(
            "FLUX_MIRROR_DISCOVERY_ENDPOINTS is only used with FLUX_MIRROR_DISCOVERY=config",
            ("FLUX_MIRROR_DISCOVERY", "kubernetes"),
            ("FLUX_MIRROR_DISCOVERY_ENDPOINTS", "a:8558"));

    [Fact]
    public void A_label_selector_with_config_is_refused() =>
        AssertRefused(
            "FLUX_MIRROR_DISCOVERY_LABEL_SELECTOR is only used with FLUX_MIRROR_DISCOVERY=kubernetes",
            ("FLUX_MIRROR_DISCOVERY", "config"),
            ("FLUX_MIRROR_DISCOVERY_ENDPOINTS", "a:8558"),
            ("FLUX_MIRROR_DISCOVERY_LABEL_SELECTOR", "app=x"));

    // The pod list reports IPs: a node bound to a wildcard or known by a name would never find itself among them.
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("worker-0.flux-mirror-worker")]
    public void Kubernetes_needs_the_pod_ip_as_hostname(string hostname) =>
        AssertRefused(
            $"FLUX_MIRROR_DISCOVERY=kubernetes needs FLUX_MIRROR_HOSTNAME to be the pod's IP (fieldRef status.podIP), got \"{hostname}\": " +
            "the pod list reports IPs and a node finds itself among them by its address",
            ("FLUX_MIRROR_DISCOVERY", "kubernetes"),
            ("FLUX_MIRROR_HOSTNAME", hostname),
            ("FLUX_MIRROR_INSECURE_REMOTING", "true"));

    [Fact]
    public void Config_on_a_wildcard_needs_the_public_hostname() =>
        AssertRefused(
            "FLUX_MIRROR_DISCOVERY=config with FLUX_MIRROR_HOSTNAME=0.0.0.0 needs FLUX_MIRROR_PUBLIC_HOSTNAME: the name FLUX_MIRROR_DISCOVERY_ENDPOINTS gives this node",
            ("FLUX_MIRROR_DISCOVERY", "config"),
            ("FLUX_MIRROR_DISCOVERY_ENDPOINTS", "a:8558,b:8558"),
            ("FLUX_MIRROR_HOSTNAME", "0.0.0.0"),
            ("FLUX_MIRROR_INSECURE_REMOTING", "true"));

    private static ClusterDiscovery Parse(params (string Name, string Value)[] variables) =>
        ClusterNodeSettings.FromEnvironment(Env(variables)).Discovery ?? throw new InvalidOperationException("no discovery");

    private static void AssertRefused(string message, params (string Name, string Value)[] variables)
    {
        var e = Assert.Throws<ArgumentException>(() => ClusterNodeSettings.FromEnvironment(Env(variables)));
        Assert.Equal(message, e.Message);
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
