using k8s;
using k8s.KubeConfigModels;

namespace FluxMirror.Coordinator.Kubernetes;

/// <summary>
/// Resolves the namespace and the client configuration from the kubectl flags, the kubeconfig files and the
/// in-cluster config, following client-go's deferred loader: the flags override the selected context's cluster and
/// user; with no kubeconfig and no <c>--server</c> the in-cluster config is used; the namespace is <c>-n</c>, else the
/// context's, else (in a pod) the ServiceAccount's, else <c>default</c>. Errors are client-go's words.
/// </summary>
public sealed class KubeConnection
{
    private const string EmptyConfig = "invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable";
    private const string Selected = "flux-mirror";

    private readonly KubeConnectionOptions _options;
    private readonly KubeAmbient _ambient;
    private readonly K8SConfiguration? _files;

    private KubeConnection(KubeConnectionOptions options, KubeAmbient ambient, K8SConfiguration? files)
    {
        _options = options;
        _ambient = ambient;
        _files = files;
    }

    /// <exception cref="KubeConnectionException">A kubeconfig file is missing or unreadable.</exception>
    public static async Task<KubeConnection> LoadAsync(KubeConnectionOptions options, KubeAmbient ambient)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new KubeConnection(options, ambient, await KubeconfigLoader.LoadAsync(options.Kubeconfig, ambient).ConfigureAwait(false));
    }

    /// <summary>True when the in-cluster config is what the client will use.</summary>
    private bool UsesInCluster => _files is null && _options.Server is null && _ambient.InClusterPossible;

    /// <exception cref="KubeConnectionException">The selected context does not exist, or there is no configuration at all.</exception>
    public string Namespace()
    {
        if (_options.Namespace is { } flag)
        {
            return flag;
        }

        if (UsesInCluster)
        {
            return InClusterConfig.Namespace(_ambient);
        }

        if (_files is null && _options.Server is null)
        {
            throw new KubeConnectionException(EmptyConfig);
        }

        if (SelectContext(_files)?.ContextDetails?.Namespace is { Length: > 0 } fromContext)
        {
            return fromContext;
        }

        // client-go: a kubeconfig without a namespace, run inside a pod, still lands in the pod's namespace.
        return _ambient.InClusterPossible ? InClusterConfig.Namespace(_ambient) : "default";
    }

    /// <exception cref="KubeConnectionException">The configuration is incomplete or contradictory, or a file it names is unusable.</exception>
    public KubeClientSettings ClientSettings()
    {
        var source = _files ?? (UsesInCluster ? InClusterConfig.Load(_ambient) : null);
        if (source is null && _options.Server is null)
        {
            throw new KubeConnectionException(EmptyConfig);
        }

        var context = SelectContext(source);
        var clusterName = _options.Cluster ?? context?.ContextDetails?.Cluster;
        var userName = _options.User ?? context?.ContextDetails?.User;
        var cluster = Find(source?.Clusters, c => c.Name, clusterName);
        if (_options.Cluster is not null && cluster is null)
        {
            throw new KubeConnectionException($"invalid configuration: no server found for cluster \"{_options.Cluster}\"");
        }

        var user = Find(source?.Users, u => u.Name, userName);
        if (_options.User is not null && user is null)
        {
            throw new KubeConnectionException($"invalid configuration: auth info \"{_options.User}\" does not exist");
        }

        var endpoint = Endpoint(cluster?.ClusterEndpoint);
        if (string.IsNullOrEmpty(endpoint.Server))
        {
            throw new KubeConnectionException(clusterName is null ? EmptyConfig : $"invalid configuration: no server found for cluster \"{clusterName}\"");
        }

        if (endpoint.SkipTlsVerify && (!string.IsNullOrEmpty(endpoint.CertificateAuthority) || !string.IsNullOrEmpty(endpoint.CertificateAuthorityData)))
        {
            throw new KubeConnectionException("invalid configuration: specifying a root certificates file with the insecure flag is not allowed");
        }

        var credentials = Credentials(user?.UserCredentials);
        var flattened = new K8SConfiguration
        {
            CurrentContext = Selected,
            Clusters = [new Cluster { Name = Selected, ClusterEndpoint = endpoint }],
            Users = HasCredential(credentials) ? [new User { Name = Selected, UserCredentials = credentials }] : [],
            Contexts = [new Context { Name = Selected, ContextDetails = new ContextDetails { Cluster = Selected, User = HasCredential(credentials) ? Selected : null } }],
        };

        KubernetesClientConfiguration configuration;
        try
        {
            configuration = KubernetesClientConfiguration.BuildConfigFromConfigObject(flattened, Selected);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new KubeConnectionException(ex.GetBaseException().Message.ReplaceLineEndings(" "), ex);
        }

        configuration.TlsServerName = _options.TlsServerName ?? endpoint.TlsServerName;
        configuration.SkipTlsVerify = endpoint.SkipTlsVerify;
        // Every call is bounded by its own token (--timeout, --request-timeout); the library's 100 s default would
        // cut a longer --timeout short with a different error.
        configuration.HttpClientTimeout = Timeout.InfiniteTimeSpan;
        var groups = _options.AsGroups.Count > 0 ? _options.AsGroups : [.. credentials.ImpersonateGroups ?? []];
        return new KubeClientSettings(configuration, _options.As ?? NullIfEmpty(credentials.Impersonate), groups, _options.RequestTimeout);
    }

    private Context? SelectContext(K8SConfiguration? source)
    {
        var name = _options.Context ?? NullIfEmpty(source?.CurrentContext);
        if (name is null)
        {
            return null;
        }

        return Find(source?.Contexts, c => c.Name, name)
            ?? throw new KubeConnectionException($"invalid configuration: context was not found for specified context: {name}");
    }

    private ClusterEndpoint Endpoint(ClusterEndpoint? from)
    {
        var endpoint = new ClusterEndpoint
        {
            Server = _options.Server ?? from?.Server,
            CertificateAuthority = from?.CertificateAuthority,
            CertificateAuthorityData = from?.CertificateAuthorityData,
            SkipTlsVerify = _options.InsecureSkipTlsVerify || (from?.SkipTlsVerify ?? false),
            TlsServerName = from?.TlsServerName,
        };
        if (_options.CertificateAuthority is { } ca)
        {
            // A flag path is relative to the working directory, as in kubectl.
            endpoint.CertificateAuthority = Path.GetFullPath(ca);
            endpoint.CertificateAuthorityData = null;
        }

        if (_options.InsecureSkipTlsVerify && _options.CertificateAuthority is null)
        {
            // kubectl: --insecure-skip-tls-verify drops the kubeconfig's CA instead of refusing the pair.
            endpoint.CertificateAuthority = null;
            endpoint.CertificateAuthorityData = null;
        }

        return endpoint;
    }

    private UserCredentials Credentials(UserCredentials? from)
    {
        var credentials = new UserCredentials
        {
            Token = from?.Token,
            UserName = from?.UserName,
            Password = from?.Password,
            ClientCertificate = from?.ClientCertificate,
            ClientCertificateData = from?.ClientCertificateData,
            ClientKey = from?.ClientKey,
            ClientKeyData = from?.ClientKeyData,
            AuthProvider = from?.AuthProvider,
            ExternalExecution = from?.ExternalExecution,
            Impersonate = from?.Impersonate,
            ImpersonateGroups = from?.ImpersonateGroups,
        };
        if (_options.Token is { } token)
        {
            // A bearer token replaces whatever else the kubeconfig user authenticates with.
            credentials.Token = token;
            credentials.UserName = null;
            credentials.Password = null;
            credentials.AuthProvider = null;
            credentials.ExternalExecution = null;
        }

        if (_options.ClientCertificate is { } certificate)
        {
            credentials.ClientCertificate = Path.GetFullPath(certificate);
            credentials.ClientCertificateData = null;
        }

        if (_options.ClientKey is { } key)
        {
            credentials.ClientKey = Path.GetFullPath(key);
            credentials.ClientKeyData = null;
        }

        return credentials;
    }

    private static bool HasCredential(UserCredentials c) =>
        !string.IsNullOrWhiteSpace(c.Token)
        || (!string.IsNullOrWhiteSpace(c.UserName) && !string.IsNullOrWhiteSpace(c.Password))
        || (!string.IsNullOrWhiteSpace(c.ClientCertificateData) && !string.IsNullOrWhiteSpace(c.ClientKeyData))
        || (!string.IsNullOrWhiteSpace(c.ClientCertificate) && !string.IsNullOrWhiteSpace(c.ClientKey))
        || c.AuthProvider is not null
        || c.ExternalExecution is not null;

    private static T? Find<T>(IEnumerable<T>? items, Func<T, string?> name, string? wanted)
        where T : class =>
        wanted is null ? null : items?.FirstOrDefault(i => i is not null && name(i) == wanted);

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
