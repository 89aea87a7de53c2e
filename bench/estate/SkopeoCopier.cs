using System.Text;

namespace FluxMirror.Bench.Estate;

/// <summary>
/// <c>skopeo sync --src yaml --dest docker</c>: the YAML lists every repository of the source (all tags). skopeo puts each
/// under the destination argument plus the repository's last path component ("bench/repo-01" → "&lt;dest&gt;/repo-01"), so the
/// destination argument carries the estate's parent path and every repository lands under its own name.
/// </summary>
internal sealed class SkopeoCopier(EstateShape shape, string workDirectory) : IEstateCopier
{
    public string Name => "skopeo";

    public bool RunsAsChildProcess => true;

    public async Task<string> CopyAsync(string sourceHost, string destinationHost, CancellationToken ct)
    {
        var yaml = new StringBuilder($"{sourceHost}:\n  tls-verify: false\n  images:\n");
        foreach (var repository in shape.RepositoryNames)
        {
            yaml.Append($"    {repository}: []\n");
        }

        var parents = shape.RepositoryNames.Select(r => r[..r.LastIndexOf('/')]).Distinct(StringComparer.Ordinal).ToList();
        if (parents.Count != 1)
        {
            throw new InvalidOperationException($"skopeo sync needs one parent path for every repository, got {string.Join(", ", parents)}");
        }

        var path = Path.Combine(workDirectory, "skopeo.yaml");
        await File.WriteAllTextAsync(path, yaml.ToString(), ct);
        // --insecure-policy: no policy.json needed; the destination is plain HTTP on loopback.
        await ChildProcess.RunAsync(
            Name, "skopeo", ["--insecure-policy", "sync", "--src", "yaml", "--dest", "docker", "--dest-tls-verify=false", path, $"{destinationHost}/{parents[0]}"], null, ct);
        return "";
    }
}
