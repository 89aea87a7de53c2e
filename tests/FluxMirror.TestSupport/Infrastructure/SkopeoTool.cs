namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// Thin wrapper over the <c>skopeo</c> CLI for interop tests against loopback (plain HTTP) registries.
/// Image references are skopeo transports, e.g. <c>docker://127.0.0.1:5000/team/app:v1</c>
/// (see <see cref="DockerReference"/>). Returns the raw result; callers assert on it.
/// </summary>
public static class SkopeoTool
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>"docker://&lt;host&gt;/&lt;repository&gt;:&lt;tag&gt;" (or "@sha256:…" when given a digest).</summary>
    public static string DockerReference(RegistryProcess registry, string repository, string tagOrDigest) =>
        $"docker://{registry.Host}/{repository}{(tagOrDigest.StartsWith("sha256:", StringComparison.Ordinal) ? "@" : ":")}{tagOrDigest}";

    /// <param name="authFile">A docker config.json (e.g. <see cref="DockerConfigDir.ConfigFile"/>) for both sides.</param>
    /// <param name="all">Copy every platform of an index instead of the current one.</param>
    public static Task<ProcessResult> CopyAsync(
        string source, string destination, string? authFile = null, bool all = false, CancellationToken ct = default) =>
        RunAsync(["copy", .. all ? ["--all"] : Array.Empty<string>(), .. SourceFlags(authFile), .. DestinationFlags(authFile), source, destination], ct);

    /// <summary>The manifest exactly as the registry serves it.</summary>
    public static Task<ProcessResult> InspectRawAsync(string image, string? authFile = null, CancellationToken ct = default) =>
        RunAsync(["inspect", "--raw", "--tls-verify=false", .. AuthFlag("--authfile", authFile), image], ct);

    /// <summary>
    /// <c>skopeo sync --src docker --dest docker</c>: copies every tag of <paramref name="sourceRepository"/>
    /// ("host/repo") under <paramref name="destinationPrefix"/> ("host/prefix").
    /// </summary>
    public static Task<ProcessResult> SyncAsync(
        string sourceRepository, string destinationPrefix, string? authFile = null, bool all = false, CancellationToken ct = default) =>
        RunAsync(["sync", "--src", "docker", "--dest", "docker", .. all ? ["--all"] : Array.Empty<string>(),
            .. SourceFlags(authFile), .. DestinationFlags(authFile), sourceRepository, destinationPrefix], ct);

    /// <summary>Any other skopeo invocation; <c>--insecure-policy</c> is added so no policy.json is needed.</summary>
    public static Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken ct = default) =>
        ProcessRunner.RunAsync("skopeo", ["--insecure-policy", .. arguments], new ProcessRunOptions { Timeout = DefaultTimeout }, ct);

    private static IEnumerable<string> SourceFlags(string? authFile) =>
        ["--src-tls-verify=false", .. AuthFlag("--src-authfile", authFile)];

    private static IEnumerable<string> DestinationFlags(string? authFile) =>
        ["--dest-tls-verify=false", .. AuthFlag("--dest-authfile", authFile)];

    private static IEnumerable<string> AuthFlag(string flag, string? authFile) =>
        authFile is null ? [] : [$"{flag}={authFile}"];
}
