using k8s;

namespace FluxMirror.Coordinator.Kubernetes;

/// <summary>Everything needed to open a client: the library's configuration plus what it has no field for.</summary>
/// <param name="RequestTimeout">kubectl's <c>--request-timeout</c>, per API call; null = none.</param>
public sealed record KubeClientSettings(
    KubernetesClientConfiguration Configuration,
    string? ImpersonateUser,
    IReadOnlyList<string> ImpersonateGroups,
    TimeSpan? RequestTimeout)
{
    public override string ToString() => $"{Configuration.Host} (impersonating {ImpersonateUser ?? "nobody"}, credentials redacted)";
}
