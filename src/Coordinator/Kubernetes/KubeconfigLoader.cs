using k8s;
using k8s.KubeConfigModels;

namespace FluxMirror.Coordinator.Kubernetes;

/// <summary>
/// Finds and merges kubeconfig files the way kubectl does: <c>--kubeconfig</c> (which must exist), else every file of
/// the colon-separated <c>KUBECONFIG</c> list that exists, else <c>~/.kube/config</c>. Merging keeps the first
/// definition of each named cluster, user and context and the first <c>current-context</c>; relative paths are
/// resolved against the file that holds them, not the first one.
/// </summary>
public static class KubeconfigLoader
{
    /// <returns>Null when no kubeconfig file applies (then only flags or the in-cluster config remain).</returns>
    public static async Task<K8SConfiguration?> LoadAsync(string? flag, KubeAmbient ambient)
    {
        ArgumentNullException.ThrowIfNull(ambient);
        var files = Files(flag, ambient);
        if (files.Count == 0)
        {
            return null;
        }

        var merged = new K8SConfiguration { Clusters = [], Users = [], Contexts = [] };
        foreach (var file in files)
        {
            Merge(merged, await LoadOneAsync(file).ConfigureAwait(false), Path.GetDirectoryName(Path.GetFullPath(file))!);
        }

        return merged;
    }

    private static List<string> Files(string? flag, KubeAmbient ambient)
    {
        if (flag is not null)
        {
            return File.Exists(flag) ? [flag] : throw new KubeConnectionException($"stat {flag}: no such file or directory");
        }

        if (ambient.GetEnv("KUBECONFIG") is { Length: > 0 } list)
        {
            // kubectl skips missing entries of the list, and a list naming no existing file means no kubeconfig.
            return [.. list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).Where(File.Exists)];
        }

        var home = ambient.GetEnv("HOME");
        var fallback = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".kube", "config");
        return fallback is not null && File.Exists(fallback) ? [fallback] : [];
    }

    private static async Task<K8SConfiguration> LoadOneAsync(string file)
    {
        try
        {
            return await KubernetesClientConfiguration.LoadKubeConfigAsync(new FileInfo(file), useRelativePaths: false).ConfigureAwait(false)
                ?? new K8SConfiguration();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new KubeConnectionException($"error loading config file \"{file}\": {OneLine(ex.GetBaseException().Message)}", ex);
        }
    }

    private static void Merge(K8SConfiguration into, K8SConfiguration from, string directory)
    {
        into.CurrentContext = string.IsNullOrEmpty(into.CurrentContext) ? from.CurrentContext : into.CurrentContext;
        var clusters = into.Clusters.ToList();
        foreach (var cluster in from.Clusters ?? [])
        {
            if (cluster?.Name is { } name && clusters.All(c => c.Name != name))
            {
                if (cluster.ClusterEndpoint is { } endpoint)
                {
                    endpoint.CertificateAuthority = Absolute(endpoint.CertificateAuthority, directory);
                }

                clusters.Add(cluster);
            }
        }

        var users = into.Users.ToList();
        foreach (var user in from.Users ?? [])
        {
            if (user?.Name is { } name && users.All(u => u.Name != name))
            {
                if (user.UserCredentials is { } credentials)
                {
                    credentials.ClientCertificate = Absolute(credentials.ClientCertificate, directory);
                    credentials.ClientKey = Absolute(credentials.ClientKey, directory);
                }

                users.Add(user);
            }
        }

        var contexts = into.Contexts.ToList();
        contexts.AddRange((from.Contexts ?? []).Where(c => c?.Name is { } name && contexts.All(x => x.Name != name)));
        into.Clusters = clusters;
        into.Users = users;
        into.Contexts = contexts;
    }

    private static string? Absolute(string? path, string directory) =>
        string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(directory, path));

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
