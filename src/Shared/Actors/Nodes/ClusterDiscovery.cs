using System.Globalization;
using System.Net;

namespace FluxMirror.Actors.Nodes;

/// <summary>How a node finds the others when it has no seed-node list: the pods the Kubernetes API lists, or a fixed list of hosts.</summary>
public enum DiscoveryMethod
{
    /// <summary>Pods in this node's namespace that match <see cref="ClusterDiscovery.LabelSelector"/> (FLUX_MIRROR_DISCOVERY=kubernetes).</summary>
    Kubernetes,

    /// <summary>The hosts of <see cref="ClusterDiscovery.Endpoints"/> (FLUX_MIRROR_DISCOVERY=config): bare machines, compose.</summary>
    Config,
}

/// <summary>
/// Akka.Management Cluster Bootstrap instead of seed nodes: every node serves a contact point on
/// <paramref name="BootstrapPort"/>, discovers the others' contact points and, when none of them is in a cluster yet
/// and at least <paramref name="RequiredContactPoints"/> answer, the one with the lowest address founds the cluster
/// and the others join it. Later nodes join whatever cluster the contact points report.
/// </summary>
/// <param name="ServiceName">The bootstrap's service name (FLUX_MIRROR_DISCOVERY_SERVICE).</param>
/// <param name="RequiredContactPoints">Contact points that must be seen before a new cluster is formed (FLUX_MIRROR_REQUIRED_CONTACT_POINTS).</param>
/// <param name="BootstrapPort">The Akka.Management HTTP port serving the contact point (FLUX_MIRROR_BOOTSTRAP_PORT).</param>
/// <param name="LabelSelector">Kubernetes pod label selector (FLUX_MIRROR_DISCOVERY_LABEL_SELECTOR); only with <see cref="DiscoveryMethod.Kubernetes"/>.</param>
/// <param name="Endpoints">host:port of every node's contact point (FLUX_MIRROR_DISCOVERY_ENDPOINTS); only with <see cref="DiscoveryMethod.Config"/>.</param>
public sealed record ClusterDiscovery(
    DiscoveryMethod Method,
    string ServiceName,
    int RequiredContactPoints,
    int BootstrapPort,
    string? LabelSelector = null,
    IReadOnlyList<DnsEndPoint>? Endpoints = null)
{
    public const string MethodVariable = "FLUX_MIRROR_DISCOVERY";
    public const string ServiceVariable = "FLUX_MIRROR_DISCOVERY_SERVICE";
    public const string LabelSelectorVariable = "FLUX_MIRROR_DISCOVERY_LABEL_SELECTOR";
    public const string RequiredContactPointsVariable = "FLUX_MIRROR_REQUIRED_CONTACT_POINTS";
    public const string EndpointsVariable = "FLUX_MIRROR_DISCOVERY_ENDPOINTS";
    public const string BootstrapPortVariable = "FLUX_MIRROR_BOOTSTRAP_PORT";

    public const string DefaultServiceName = "flux-mirror";
    public const string DefaultLabelSelector = "app.kubernetes.io/name=flux-mirror";
    public const int DefaultRequiredContactPoints = 2;
    public const int DefaultBootstrapPort = 8558;

    /// <summary>The contact point's port name: the container port Kubernetes discovery looks for.</summary>
    public const string PortName = "bootstrap";

    private static readonly string[] BootstrapOnlyVariables = [ServiceVariable, RequiredContactPointsVariable, BootstrapPortVariable, LabelSelectorVariable, EndpointsVariable];

    public static ClusterDiscovery Kubernetes(int bootstrapPort, int requiredContactPoints = DefaultRequiredContactPoints, string labelSelector = DefaultLabelSelector) =>
        new(DiscoveryMethod.Kubernetes, DefaultServiceName, requiredContactPoints, bootstrapPort, LabelSelector: labelSelector);

    public static ClusterDiscovery Config(int bootstrapPort, IReadOnlyList<DnsEndPoint> endpoints, int requiredContactPoints = DefaultRequiredContactPoints) =>
        new(DiscoveryMethod.Config, DefaultServiceName, requiredContactPoints, bootstrapPort, Endpoints: endpoints);

    /// <summary>
    /// Null for <c>seeds</c> (the default: FLUX_MIRROR_SEEDS as before). Throws <see cref="ArgumentException"/> with
    /// one line for a bad value, a bootstrap variable set without bootstrap, or seeds set with bootstrap.
    /// </summary>
    /// <param name="hostname">The remoting bind address (FLUX_MIRROR_HOSTNAME): the address the contact point binds to.</param>
    /// <param name="publicHostname">FLUX_MIRROR_PUBLIC_HOSTNAME, if set.</param>
    public static ClusterDiscovery? FromEnvironment(Func<string, string?> getEnv, IReadOnlyList<string> seeds, string hostname, string? publicHostname)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        ArgumentNullException.ThrowIfNull(seeds);
        var methodText = Value(getEnv, MethodVariable)?.ToLowerInvariant();
        if (methodText is null or "seeds")
        {
            if (BootstrapOnlyVariables.FirstOrDefault(v => Value(getEnv, v) is not null) is { } stray)
            {
                throw new ArgumentException($"{stray} is only used with {MethodVariable}=kubernetes or config; this node uses seed nodes");
            }

            return null;
        }

        var method = methodText switch
        {
            "kubernetes" => DiscoveryMethod.Kubernetes,
            "config" => DiscoveryMethod.Config,
            _ => throw new ArgumentException($"{MethodVariable} must be seeds, kubernetes or config, got \"{Value(getEnv, MethodVariable)}\""),
        };
        if (seeds.Count > 0)
        {
            throw new ArgumentException($"{ClusterNodeSettings.SeedsVariable} and {MethodVariable}={methodText} contradict each other: the bootstrap finds the seed nodes; unset {ClusterNodeSettings.SeedsVariable}");
        }

        RefuseOtherMethodsVariable(getEnv, method);
        var discovery = new ClusterDiscovery(
            method,
            Value(getEnv, ServiceVariable) ?? DefaultServiceName,
            Count(getEnv),
            Port(getEnv),
            method == DiscoveryMethod.Kubernetes ? Value(getEnv, LabelSelectorVariable) ?? DefaultLabelSelector : null,
            method == DiscoveryMethod.Config ? ParseEndpoints(getEnv) : null);
        discovery.RequireReachableSelf(hostname, publicHostname);
        if (method == DiscoveryMethod.Config && discovery.RequiredContactPoints > discovery.Endpoints!.Count)
        {
            throw new ArgumentException($"{RequiredContactPointsVariable}={discovery.RequiredContactPoints} can never be met by the {discovery.Endpoints.Count} endpoint(s) of {EndpointsVariable}");
        }

        return discovery;
    }

    /// <summary>
    /// The host this node's contact point advertises. The bootstrap recognises itself among the discovered contact
    /// points by it: Kubernetes discovery reports pod IPs, so there it is the bind address (the pod IP); a config
    /// list names nodes as other hosts reach them, so there it is the public hostname.
    /// </summary>
    public string AdvertisedHost(string hostname, string? publicHostname) =>
        Method == DiscoveryMethod.Kubernetes ? hostname : publicHostname ?? hostname;

    private void RequireReachableSelf(string hostname, string? publicHostname)
    {
        var wildcard = IPAddress.TryParse(hostname, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any));
        if (Method == DiscoveryMethod.Kubernetes && (ip is null || wildcard))
        {
            throw new ArgumentException(
                $"{MethodVariable}=kubernetes needs {ClusterNodeSettings.HostnameVariable} to be the pod's IP (fieldRef status.podIP), got \"{hostname}\": " +
                "the pod list reports IPs and a node finds itself among them by its address");
        }

        if (Method == DiscoveryMethod.Config && wildcard && publicHostname is null)
        {
            throw new ArgumentException(
                $"{MethodVariable}=config with {ClusterNodeSettings.HostnameVariable}={hostname} needs {ClusterNodeSettings.PublicHostnameVariable}: " +
                $"the name {EndpointsVariable} gives this node");
        }
    }

    private static int Count(Func<string, string?> getEnv)
    {
        var text = Value(getEnv, RequiredContactPointsVariable);
        if (text is null)
        {
            return DefaultRequiredContactPoints;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= 1000
            ? count
            : throw new ArgumentException($"{RequiredContactPointsVariable} must be a number of nodes from 1 to 1000, got \"{text}\"");
    }

    private static int Port(Func<string, string?> getEnv)
    {
        var text = Value(getEnv, BootstrapPortVariable);
        if (text is null)
        {
            return DefaultBootstrapPort;
        }

        // No 0: the contact point must advertise the port it listens on, and discovery must report the same one.
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw new ArgumentException($"{BootstrapPortVariable} must be a port number between 1 and 65535, got \"{text}\"");
    }

    private static List<DnsEndPoint> ParseEndpoints(Func<string, string?> getEnv)
    {
        var text = Value(getEnv, EndpointsVariable)
            ?? throw new ArgumentException($"{MethodVariable}=config needs {EndpointsVariable}: the nodes' bootstrap addresses as host:port,host:port");
        return [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Endpoint)];
    }

    private static DnsEndPoint Endpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        var host = colon > 0 ? text[..colon].Trim('[', ']') : "";
        if (host.Length == 0 || host.Contains('/', StringComparison.Ordinal)
            || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"{EndpointsVariable} must list host:port entries separated by commas, got \"{text}\"");
        }

        return new DnsEndPoint(host, port);
    }

    // A variable of the other discovery method: refused rather than ignored.
    private static void RefuseOtherMethodsVariable(Func<string, string?> getEnv, DiscoveryMethod method)
    {
        var (variable, itsMethod) = method == DiscoveryMethod.Kubernetes ? (EndpointsVariable, "config") : (LabelSelectorVariable, "kubernetes");
        if (Value(getEnv, variable) is not null)
        {
            throw new ArgumentException($"{variable} is only used with {MethodVariable}={itsMethod}");
        }
    }

    private static string? Value(Func<string, string?> getEnv, string variable) =>
        getEnv(variable) is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
}
