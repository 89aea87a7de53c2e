using FluxMirror.TestSupport.Packaging;
using YamlDotNet.RepresentationModel;

namespace FluxMirror.Tests.Unit.Packaging;

/// <summary>
/// deploy/ as kubectl would apply it (base and example overlay), checked object by object: what a platform team's
/// policy engine and a reviewer would ask of a standing cluster's manifests.
/// </summary>
public sealed class DeployManifestTests
{
    private static readonly string[] NodeComponents = ["coordinator", "worker"];
    private static readonly string[] PodReaderVerbs = ["get", "list", "watch"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("", true)]
    [InlineData("base", true)]
    [InlineData("overlays/example", true)]
    [InlineData("", false)]
    [InlineData("base", false)]
    [InlineData("overlays/example", false)]
    public async Task Every_object_is_named_and_labelled_and_the_nodes_are_locked_down(string directory, bool kustomize)
    {
        var manifests = await RenderedManifests.RenderAsync(directory, kustomize, Ct);

        Assert.NotEmpty(manifests.Objects);
        foreach (var o in manifests.Objects)
        {
            var what = $"{o.Str("kind")}/{o.Str("metadata", "name")} in deploy/{directory}";
            Assert.False(string.IsNullOrEmpty(o.Str("apiVersion")), what);
            Assert.False(string.IsNullOrEmpty(o.Str("kind")), what);
            Assert.False(string.IsNullOrEmpty(o.Str("metadata", "name")), what);
            var labels = o.Map("metadata", "labels");
            Assert.Equal("flux-mirror", labels.GetValueOrDefault("app.kubernetes.io/name"));
            Assert.Equal("flux-mirror", labels.GetValueOrDefault("app.kubernetes.io/part-of"));
        }

        var statefulSets = manifests.OfKind("StatefulSet").ToArray();
        Assert.Equal(NodeComponents, statefulSets.Select(s => s.Map("spec", "template", "metadata", "labels")["app.kubernetes.io/component"]).Order());
        foreach (var set in statefulSets)
        {
            AssertNodePod(set, DeployImage.FromKustomization().Reference);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_base_runs_two_coordinators_and_three_workers_that_bootstrap_from_the_pod_list(bool kustomize)
    {
        var manifests = await RenderedManifests.RenderAsync("base", kustomize, Ct);

        var coordinator = manifests.Single("StatefulSet", "flux-mirror-coordinator");
        var worker = manifests.Single("StatefulSet", "flux-mirror-worker");
        Assert.Equal(("2", "3"), (coordinator.Str("spec", "replicas"), worker.Str("spec", "replicas")));
        Assert.Equal(["coordinator", "--http-host", "0.0.0.0"], Container(coordinator).Seq("args").Select(Scalar));
        Assert.Equal(["worker"], Container(worker).Seq("args").Select(Scalar));
        Assert.Contains(Container(coordinator).Seq("ports"), p => p.Str("name") == "http" && p.Str("containerPort") == "8080");
        Assert.DoesNotContain(Container(worker).Seq("ports"), p => p.Str("name") == "http");

        var headless = manifests.Single("Service", "flux-mirror");
        Assert.Equal(("None", "true"), (headless.Str("spec", "clusterIP"), headless.Str("spec", "publishNotReadyAddresses")));
        Assert.Equal(["akka-remote:5055", "bootstrap:8558", "mgmt:9464"], headless.Seq("spec", "ports").Select(p => $"{p.Str("name")}:{p.Str("port")}"));
        Assert.True(Yaml.Selects(headless.Map("spec", "selector"), PodLabels(worker)) && Yaml.Selects(headless.Map("spec", "selector"), PodLabels(coordinator)));
        var api = manifests.Single("Service", "flux-mirror-api");
        Assert.True(Yaml.Selects(api.Map("spec", "selector"), PodLabels(coordinator)));
        Assert.False(Yaml.Selects(api.Map("spec", "selector"), PodLabels(worker)));

        // Cluster Bootstrap reads the pods through the service account the nodes run as.
        var role = manifests.Single("Role", "flux-mirror-pod-reader");
        Assert.Contains(role.Seq("rules"), r =>
            r.Seq("resources").Select(Scalar).Contains("pods") && PodReaderVerbs.All(r.Seq("verbs").Select(Scalar).Contains));
        var binding = manifests.Single("RoleBinding", "flux-mirror-pod-reader");
        Assert.Equal("flux-mirror-pod-reader", binding.Str("roleRef", "name"));
        Assert.Contains(binding.Seq("subjects"), s => s.Str("kind") == "ServiceAccount" && s.Str("name") == coordinator.Str("spec", "template", "spec", "serviceAccountName"));
        Assert.Single(manifests.OfKind("ServiceAccount"), s => s.Str("metadata", "name") == worker.Str("spec", "template", "spec", "serviceAccountName"));
    }

    [Theory]
    [InlineData("base", true)]
    [InlineData("overlays/example", true)]
    [InlineData("base", false)]
    [InlineData("overlays/example", false)]
    public async Task Disruption_budgets_and_network_policies_select_the_nodes_and_let_in_only_what_is_used(string directory, bool kustomize)
    {
        var manifests = await RenderedManifests.RenderAsync(directory, kustomize, Ct);
        var pods = manifests.OfKind("StatefulSet").Select(PodLabels).ToArray();

        var budgets = manifests.OfKind("PodDisruptionBudget").ToArray();
        Assert.Equal(2, budgets.Length);
        Assert.All(budgets, b => Assert.Single(pods, p => Yaml.Selects(b.Map("spec", "selector", "matchLabels"), p)));

        var policies = manifests.OfKind("NetworkPolicy").ToArray();
        Assert.All(policies, p => Assert.Contains(pods, pod => Yaml.Selects(p.Map("spec", "podSelector", "matchLabels"), pod)));
        // One policy selects every node and allows nothing: ingress not allowed below is dropped.
        Assert.Contains(policies, p => p.Seq("spec", "policyTypes").Select(Scalar).Contains("Ingress") && p.At("spec", "ingress") is null
            && pods.All(pod => Yaml.Selects(p.Map("spec", "podSelector", "matchLabels"), pod)));
        var allowed = policies.SelectMany(p => p.Seq("spec", "ingress").SelectMany(rule => rule.Seq("ports").Select(port => (Policy: p, Rule: rule, Port: port.Str("port")))))
            .ToArray();
        Assert.Equal(["5055", "8080", "8558", "9464"], allowed.Select(a => a.Port!).Distinct().Order(StringComparer.Ordinal));
        foreach (var remoting in allowed.Where(a => a.Port is "5055" or "8558"))
        {
            Assert.All(remoting.Rule.Seq("from"), peer => Assert.Equal("flux-mirror", peer.Map("podSelector", "matchLabels").GetValueOrDefault("app.kubernetes.io/name")));
        }

        var apiPolicy = Assert.Single(allowed, a => a.Port == "8080").Policy;
        Assert.Equal("coordinator", apiPolicy.Map("spec", "podSelector", "matchLabels").GetValueOrDefault("app.kubernetes.io/component"));
        Assert.All(allowed.Where(a => a.Port == "9464"), m => Assert.All(m.Rule.Seq("from"), peer => Assert.NotNull(peer.At("namespaceSelector"))));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_example_overlay_sets_namespace_workers_memory_and_where_the_API_is_used_from(bool kustomize)
    {
        var overlay = await RenderedManifests.RenderAsync("overlays/example", kustomize, Ct);

        Assert.Single(overlay.OfKind("Namespace"), n => n.Str("metadata", "name") == "flux-mirror");
        Assert.All(overlay.Objects.Where(o => o.Str("kind") != "Namespace"), o => Assert.Equal("flux-mirror", o.Str("metadata", "namespace")));
        var worker = overlay.Single("StatefulSet", "flux-mirror-worker");
        var api = overlay.Single("NetworkPolicy", "flux-mirror-api");
        if (overlay.ByKustomize)
        {
            Assert.Equal("5", worker.Str("spec", "replicas"));
            Assert.Equal("3Gi", Container(worker).Str("resources", "limits", "memory"));
            Assert.Equal("ci", Assert.Single(api.Seq("spec", "ingress")[0].Seq("from")).Map("namespaceSelector", "matchLabels")["kubernetes.io/metadata.name"]);
        }
        else
        {
            // Without kustomize the patches stay unapplied: at least every one of them must find its target.
            var kustomization = Yaml.LoadAll(File.ReadAllText(TestSupport.Schemas.RepositoryFiles.PathOf("deploy", "overlays", "example", "kustomization.yaml")))[0];
            Assert.All(kustomization.Seq("patches"), p => Assert.Single(overlay.OfKind(p.Str("target", "kind")!), o => o.Str("metadata", "name") == p.Str("target", "name")));
        }
    }

    private static void AssertNodePod(YamlMappingNode set, string image)
    {
        var name = set.Str("metadata", "name");
        var pod = set.At("spec", "template", "spec")!;
        var container = Container(set);
        Assert.True(Yaml.Selects(set.Map("spec", "selector", "matchLabels"), PodLabels(set)), $"{name}: selector does not select its pods");
        Assert.Equal("flux-mirror", set.Str("spec", "serviceName"));
        Assert.Equal(image, container.Str("image"));
        Assert.True(int.Parse(pod.Str("terminationGracePeriodSeconds")!) > 30, $"{name}: grace period not above the 30 s of coordinated shutdown");

        Assert.Equal(("true", "65532", "RuntimeDefault"), (pod.Str("securityContext", "runAsNonRoot"), pod.Str("securityContext", "runAsUser"), pod.Str("securityContext", "seccompProfile", "type")));
        Assert.Equal(("false", "true"), (container.Str("securityContext", "allowPrivilegeEscalation"), container.Str("securityContext", "readOnlyRootFilesystem")));
        Assert.Equal(["ALL"], container.Seq("securityContext", "capabilities", "drop").Select(Scalar));
        Assert.Null(container.At("securityContext", "capabilities", "add"));
        Assert.Equal(["cpu", "memory"], container.Map("resources", "requests").Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["cpu", "memory"], container.Map("resources", "limits").Keys.Order(StringComparer.Ordinal));

        Assert.Equal(["akka-remote:5055", "bootstrap:8558", "mgmt:9464"], container.Seq("ports").Where(p => p.Str("name") != "http").Select(p => $"{p.Str("name")}:{p.Str("containerPort")}"));
        Assert.Equal(("mgmt", "/healthz/ready"), (container.Str("readinessProbe", "httpGet", "port"), container.Str("readinessProbe", "httpGet", "path")));
        Assert.Equal(("mgmt", "/healthz/live"), (container.Str("livenessProbe", "httpGet", "port"), container.Str("livenessProbe", "httpGet", "path")));
        Assert.Equal("mgmt", container.Str("startupProbe", "httpGet", "port"));

        // The read-only root's two writable places are empty volumes.
        var emptyDirs = pod.Seq("volumes").Where(v => v.At("emptyDir") is not null).Select(v => v.Str("name")).ToHashSet();
        Assert.Equal(
            ImageContract.Volumes.Order(StringComparer.Ordinal),
            container.Seq("volumeMounts").Where(m => emptyDirs.Contains(m.Str("name"))).Select(m => m.Str("mountPath")!).Order(StringComparer.Ordinal));

        var env = container.Seq("env").ToDictionary(e => e.Str("name")!, e => e.Str("value") ?? e.Str("valueFrom", "fieldRef", "fieldPath") ?? "secret:" + e.Str("valueFrom", "secretKeyRef", "name"));
        Assert.Equal("kubernetes", env.GetValueOrDefault("FLUX_MIRROR_DISCOVERY"));
        Assert.Equal("app.kubernetes.io/name=flux-mirror", env.GetValueOrDefault("FLUX_MIRROR_DISCOVERY_LABEL_SELECTOR"));
        Assert.True(int.Parse(env.GetValueOrDefault("FLUX_MIRROR_REQUIRED_CONTACT_POINTS", "0")) >= 2, $"{name}: a fresh cluster must wait for 2 contact points");
        Assert.False(env.ContainsKey("FLUX_MIRROR_SEEDS"), $"{name}: seeds and bootstrap both set");
        // Akka.Discovery.KubernetesApi hands out pod IPs: the node must advertise the same address.
        Assert.Equal(("status.podIP", "$(POD_IP)"), (env.GetValueOrDefault("POD_IP"), env.GetValueOrDefault("FLUX_MIRROR_PUBLIC_HOSTNAME")));
        Assert.Equal("secret:flux-mirror-db", env.GetValueOrDefault("FLUX_MIRROR_POSTGRES"));
        // Fewer glibc malloc arenas: lower peak RSS for a node that allocates little natively (docs/scale.md).
        Assert.Equal("2", env.GetValueOrDefault("MALLOC_ARENA_MAX"));
        Assert.Contains(pod.Seq("volumes"), v => v.Str("secret", "secretName") == "flux-mirror-remoting-tls");

        var annotations = set.Map("spec", "template", "metadata", "annotations");
        Assert.Equal(("true", "9464", "/metrics"), (annotations.GetValueOrDefault("prometheus.io/scrape"), annotations.GetValueOrDefault("prometheus.io/port"), annotations.GetValueOrDefault("prometheus.io/path")));
    }

    private static YamlNode Container(YamlNode set) => Assert.Single(set.Seq("spec", "template", "spec", "containers"));

    private static IReadOnlyDictionary<string, string> PodLabels(YamlNode set) => set.Map("spec", "template", "metadata", "labels");

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value!;
}
