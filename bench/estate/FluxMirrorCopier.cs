using System.Text;

namespace FluxMirror.Bench.Estate;

/// <summary>
/// The published flux-mirror CLI as a child process: <c>sync config.yaml --no-progress --concurrency 8</c> with its own
/// state directory (kept between the copy and the no-op rerun, as a user's would be) and its own HOME, so nothing of the
/// machine's ~/.docker or earlier runs leaks in.
/// </summary>
internal sealed class FluxMirrorCopier(EstateShape shape, string binary, int concurrency, string workDirectory) : IEstateCopier
{
    public string Name => "flux-mirror";

    public bool RunsAsChildProcess => true;

    public async Task<string> CopyAsync(string sourceHost, string destinationHost, CancellationToken ct)
    {
        var config = new StringBuilder("apiVersion: mirror.plugin.fluxcd.io/v1beta1\nkind: Config\nartifacts:\n");
        foreach (var repository in shape.RepositoryNames)
        {
            config.Append($"  - source: {sourceHost}/{repository}\n    destination: {destinationHost}/{repository}\n    selector: {{ semver: \"*\", limit: 0 }}\n");
        }

        var home = Path.Combine(workDirectory, "home");
        Directory.CreateDirectory(Path.Combine(home, ".docker"));
        var path = Path.Combine(workDirectory, "flux-mirror.yaml");
        await File.WriteAllTextAsync(path, config.ToString(), ct);

        string[] arguments = ["sync", path, "--no-progress", "--concurrency", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--state-dir", Path.Combine(workDirectory, "state")];
        // A framework-dependent build is a .dll that dotnet runs; a publish has an apphost.
        var (fileName, fullArguments) = binary.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? ("dotnet", (IReadOnlyList<string>)[binary, .. arguments])
            : (binary, arguments);
        var environment = new Dictionary<string, string?>
        {
            ["HOME"] = home,
            ["DOCKER_CONFIG"] = Path.Combine(home, ".docker"),
            ["FLUX_MIRROR_CONFIG"] = null,
            ["FLUX_MIRROR_STATE_DIR"] = null,
            ["DOTNET_NOLOGO"] = "1",
        };
        var result = await ChildProcess.RunAsync(Name, fileName, fullArguments, environment, ct);
        return ChildProcess.LastLine(result.StandardOutput);
    }
}
