namespace FluxMirror.Coordinator.Kubernetes;

/// <summary>
/// What the connection is resolved from besides the flags: the environment (<c>KUBECONFIG</c>, <c>HOME</c>,
/// <c>KUBERNETES_SERVICE_HOST</c>/<c>PORT</c>, <c>POD_NAMESPACE</c>) and the directory Kubernetes mounts the pod's
/// ServiceAccount into. Production reads the process and the fixed path client-go reads; a test hands another
/// environment and directory to the same code instead of a switch in the product.
/// </summary>
public sealed record KubeAmbient(Func<string, string?> GetEnv, string ServiceAccountDirectory)
{
    /// <summary>client-go's <c>rest.InClusterConfig</c> path.</summary>
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static KubeAmbient Process { get; } = new(Environment.GetEnvironmentVariable, DefaultServiceAccountDirectory);

    public string TokenPath => Path.Combine(ServiceAccountDirectory, "token");

    public string CaPath => Path.Combine(ServiceAccountDirectory, "ca.crt");

    public string NamespacePath => Path.Combine(ServiceAccountDirectory, "namespace");

    /// <summary>client-go's <c>inClusterClientConfig.Possible</c>: the service variables set and a token mounted.</summary>
    public bool InClusterPossible =>
        !string.IsNullOrEmpty(GetEnv("KUBERNETES_SERVICE_HOST")) && !string.IsNullOrEmpty(GetEnv("KUBERNETES_SERVICE_PORT")) && File.Exists(TokenPath);
}
