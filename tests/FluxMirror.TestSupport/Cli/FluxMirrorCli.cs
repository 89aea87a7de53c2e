using System.Diagnostics;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Cli;

/// <summary>
/// Runs the real <c>flux-mirror</c> executable as a child process, with its own environment (DOCKER_CONFIG,
/// HOME) so tests never read the developer's ~/.docker and never race on process-wide variables.
/// </summary>
public sealed class FluxMirrorCli : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("fm-home-").FullName;

    public FluxMirrorCli(string? dockerConfigDirectory = null)
    {
        DockerConfigDirectory = dockerConfigDirectory ?? Path.Combine(_home, ".docker");
        Directory.CreateDirectory(DockerConfigDirectory);
    }

    public string DockerConfigDirectory { get; }

    /// <summary>The child's HOME: its default state directory (~/.local/state/flux-mirror) lives here too.</summary>
    public string Home => _home;

    public static string Executable { get; } = Path.Combine(AppContext.BaseDirectory, "flux-mirror.dll");

    public string WriteConfig(string yaml)
    {
        var path = Path.Combine(_home, $"config-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <param name="stdin">Written to the child's stdin, then closed (e.g. a config for <c>-f -</c>).</param>
    public async Task<ProcessResult> RunAsync(IEnumerable<string> args, IDictionary<string, string?>? env = null, TimeSpan? timeout = null, string? stdin = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOCKER_CONFIG"] = DockerConfigDirectory,
            ["HOME"] = _home,
            ["FLUX_MIRROR_CONFIG"] = null,
            ["FLUX_MIRROR_API_TOKEN"] = null,
            ["FLUX_MIRROR_SIGSTORE_TRUSTED_ROOT"] = null,
            ["FLUX_MIRROR_SIGSTORE_TUF_URL"] = null,
            ["FLUX_MIRROR_SIGSTORE_TUF_ROOT"] = null,
            ["XDG_CACHE_HOME"] = null,
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
        {
            environment[k] = v;
        }

        return await ProcessRunner.RunAsync(
            "dotnet",
            [Executable, .. args],
            new ProcessRunOptions { Environment = environment, Timeout = timeout ?? TimeSpan.FromMinutes(2), StandardInput = stdin },
            TestContext.Current.CancellationToken);
    }

    public Task<ProcessResult> SyncAsync(string yaml, params string[] flags) =>
        RunAsync(["sync", WriteConfig(yaml), "--no-progress", .. flags]);

    /// <summary>A sync allowed to run longer than the default two minutes (a deliberately slow job).</summary>
    public Task<ProcessResult> SyncWithinAsync(TimeSpan timeout, string yaml, params string[] flags) =>
        RunAsync(["sync", WriteConfig(yaml), "--no-progress", .. flags], timeout: timeout);

    /// <summary>
    /// Starts a sync of <paramref name="configPath"/> one tag at a time, waits until it printed
    /// <paramref name="rows"/> result rows, then SIGKILLs it (no shutdown hook runs); returns the rows seen.
    /// </summary>
    public async Task<int> SyncAndKillAfterRowsAsync(string configPath, int rows, CancellationToken ct)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Executable, "sync", configPath, "--no-progress", "--concurrency", "1" })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOCKER_CONFIG"] = DockerConfigDirectory;
        info.Environment["HOME"] = _home;
        using var process = Process.Start(info)!;
        var seen = 0;
        while (await process.StandardOutput.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith('✓') && ++seen >= rows)
            {
                process.Kill(entireProcessTree: true);
                break;
            }
        }

        await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
        return seen;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
