using k8s.KubeConfigModels;

namespace FluxMirror.Coordinator.Kubernetes;

/// <summary>
/// client-go's in-cluster config, expressed as a kubeconfig so it goes through the same client builder and flag
/// overrides as a file: the API server from <c>KUBERNETES_SERVICE_HOST</c>/<c>PORT</c>, the pod's ServiceAccount
/// token and CA from <see cref="KubeAmbient.ServiceAccountDirectory"/>.
/// </summary>
public static class InClusterConfig
{
    public const string Name = "in-cluster";

    public static K8SConfiguration Load(KubeAmbient ambient)
    {
        ArgumentNullException.ThrowIfNull(ambient);
        var host = ambient.GetEnv("KUBERNETES_SERVICE_HOST")!;
        var port = ambient.GetEnv("KUBERNETES_SERVICE_PORT")!;
        string token;
        try
        {
            token = File.ReadAllText(ambient.TokenPath).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KubeConnectionException($"open {ambient.TokenPath}: {ex.Message}", ex);
        }

        // An IPv6 service address needs brackets in a URL, as net.JoinHostPort adds them.
        var authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
        return new K8SConfiguration
        {
            CurrentContext = Name,
            Clusters = [new Cluster { Name = Name, ClusterEndpoint = new ClusterEndpoint { Server = $"https://{authority}", CertificateAuthority = File.Exists(ambient.CaPath) ? ambient.CaPath : null } }],
            Users = [new User { Name = Name, UserCredentials = new UserCredentials { Token = token } }],
            Contexts = [new Context { Name = Name, ContextDetails = new ContextDetails { Cluster = Name, User = Name } }],
        };
    }

    /// <summary>client-go's in-cluster namespace: <c>POD_NAMESPACE</c>, else the mounted namespace file, else <c>default</c>.</summary>
    public static string Namespace(KubeAmbient ambient)
    {
        ArgumentNullException.ThrowIfNull(ambient);
        if (ambient.GetEnv("POD_NAMESPACE") is { Length: > 0 } fromEnv)
        {
            return fromEnv;
        }

        try
        {
            return File.Exists(ambient.NamespacePath) && File.ReadAllText(ambient.NamespacePath).Trim() is { Length: > 0 } fromFile ? fromFile : "default";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "default";
        }
    }
}
