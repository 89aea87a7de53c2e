using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using FluxMirror.TestSupport.Http;

namespace FluxMirror.TestSupport.Charts;

/// <summary>
/// A static HTTP Helm repository on 127.0.0.1: an <c>index.yaml</c> generated from the published charts (relative
/// URLs, like <c>helm repo index</c>), the tarballs, optional Basic auth, and every request recorded.
/// </summary>
public sealed class ChartRepositoryServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<(string Version, string File)>> _charts = new(StringComparer.Ordinal);
    private readonly LoopbackServer _server;
    private readonly string? _expectedAuthorization;
    private readonly string _scheme;
    private string? _indexOverride;
    private bool _indexRemoved;

    /// <param name="serverCertificate">Serve HTTPS with this certificate instead of plain HTTP.</param>
    public ChartRepositoryServer(
        string? username = null, string? password = null, X509Certificate2? serverCertificate = null, bool requireClientCertificate = false)
    {
        _scheme = serverCertificate is null ? "http" : "https";
        _expectedAuthorization = username is null
            ? null
            : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));
        _server = new LoopbackServer(Handle, serverCertificate, requireClientCertificate);
    }

    /// <summary>Repository URL with a trailing slash, as <c>helm repo add</c> users often write it.</summary>
    public string Url => $"{_scheme}://{_server.Host}/charts/";

    public string Host => _server.Host;

    public IReadOnlyList<RecordedRequest> Requests => _server.Requests;

    /// <summary>Serves <paramref name="archive"/> as <c>&lt;name&gt;-&lt;version&gt;.tgz</c> and lists it in the index.</summary>
    public ChartRepositoryServer Publish(string name, string version, byte[] archive)
    {
        var file = $"{name}-{version}.tgz";
        _files["/charts/" + file] = archive;
        _charts.AddOrUpdate(name, _ => [(version, file)], (_, list) => [.. list.Where(v => v.Version != version), (version, file)]);
        return this;
    }

    /// <summary>Replaces the generated index with raw text (or removes it with null, so it answers 404).</summary>
    public ChartRepositoryServer WithIndex(string? text)
    {
        _indexOverride = text;
        _indexRemoved = text is null;
        return this;
    }

    /// <summary>Serves an arbitrary file below the repository path.</summary>
    public ChartRepositoryServer WithFile(string relativePath, byte[] content)
    {
        _files["/charts/" + relativePath] = content;
        return this;
    }

    public int CountRequests(string pathSuffix) => Requests.Count(r => r.PathAndQuery.EndsWith(pathSuffix, StringComparison.Ordinal));

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private ScriptedResponse Handle(RecordedRequest request)
    {
        if (_expectedAuthorization is not null && request.Header("Authorization") != _expectedAuthorization)
        {
            return ScriptedResponse.Empty(401, ("WWW-Authenticate", "Basic realm=\"charts\""));
        }

        if (request.PathAndQuery == "/charts/index.yaml")
        {
            return _indexRemoved
                ? ScriptedResponse.Empty(404)
                : new ScriptedResponse(200, null, Encoding.UTF8.GetBytes(_indexOverride ?? GeneratedIndex()));
        }

        return _files.TryGetValue(request.PathAndQuery, out var content)
            ? new ScriptedResponse(200, new Dictionary<string, string> { ["Content-Type"] = "application/gzip" }, content)
            : ScriptedResponse.Empty(404);
    }

    private string GeneratedIndex()
    {
        var sb = new StringBuilder("apiVersion: v1\nentries:\n");
        foreach (var (name, versions) in _charts)
        {
            sb.Append("  ").Append(name).Append(":\n");
            foreach (var (version, file) in versions)
            {
                sb.Append("  - apiVersion: v2\n    name: ").Append(name)
                    .Append("\n    version: \"").Append(version)
                    .Append("\"\n    urls:\n    - ").Append(file).Append('\n');
            }
        }

        return sb.Append("generated: \"2024-01-02T03:04:05Z\"\n").ToString();
    }
}
