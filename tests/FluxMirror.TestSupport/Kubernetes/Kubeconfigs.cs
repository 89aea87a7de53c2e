using System.Text;

namespace FluxMirror.TestSupport.Kubernetes;

/// <summary>Writes real kubeconfig files (what kubectl and client-go read) for the CLI under test.</summary>
public static class Kubeconfigs
{
    /// <summary>One cluster/user/context; <paramref name="token"/> null = a user without credentials in the file.</summary>
    public static string Write(string directory, string server, string caPem, string? token, string? ns = null, string contextName = "test", string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(caPem);
        var path = Path.Combine(directory, fileName ?? $"kubeconfig-{Guid.NewGuid():N}");
        var yaml = $"""
            apiVersion: v1
            kind: Config
            current-context: {contextName}
            clusters:
              - name: {contextName}-cluster
                cluster:
                  server: {server}
                  certificate-authority-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem))}
            users:
              - name: {contextName}-user
                user:
            {(token is null ? "      username: nobody\n" : $"      token: {token}\n")}contexts:
              - name: {contextName}
                context:
                  cluster: {contextName}-cluster
                  user: {contextName}-user
            {(ns is null ? string.Empty : $"      namespace: {ns}\n")}
            """;
        File.WriteAllText(path, yaml);
        return path;
    }
}
