using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Schemas;

namespace FluxMirror.TestSupport.Cluster;

/// <summary>
/// A cluster started the way a developer starts one: <c>scripts/cluster-local.sh up</c> (PostgreSQL, coordinators
/// and workers as background processes), with the executables of this build and a state folder of its own.
/// Nodes are known by their pid files (<c>coordinator-1</c>, <c>worker-2</c>, …); disposing runs <c>down</c>.
/// </summary>
public sealed class LocalClusterScript : IAsyncDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);
    private static readonly string Script = RepositoryFiles.PathOf("scripts", "cluster-local.sh");

    // A direct child of /tmp: when the tests run as root the script hands the folder to the postgres user, who
    // could not enter a folder nested in another private temp folder.
    private readonly string _state = Directory.CreateTempSubdirectory("fluxmirror-cluster-local-").FullName;
    private readonly Dictionary<string, string?> _environment;
    private readonly List<int> _pids = [];

    private LocalClusterScript(int coordinators, int workers) => _environment = new()
    {
        ["COORDINATORS"] = coordinators.ToString(),
        ["WORKERS"] = workers.ToString(),
        ["CLUSTER_LOCAL_STATE"] = _state,
        ["CLUSTER_LOCAL_BIN"] = AppContext.BaseDirectory,
        // A killed node is downed and its singleton and shards move within seconds (production: 20 s + 10 s).
        ["FLUX_MIRROR_DOWN_UNREACHABLE_AFTER"] = "5s",
        ["FLUX_MIRROR_DOWN_REMOVAL_MARGIN"] = "1s",
        ["FLUX_MIRROR_PUBLIC_HOSTNAME"] = null,
        ["FLUX_MIRROR_HTTP_HOST"] = null,
        ["FLUX_MIRROR_MAX_REQUESTS_PER_HOST"] = null,
        // The script's own token only, never one the developer exported for their CLI.
        ["FLUX_MIRROR_API_TOKEN"] = null,
        ["FLUX_MIRROR_API_TOKEN_FILE"] = null,
        // Never the developer's credentials.
        ["HOME"] = _state,
        ["DOCKER_CONFIG"] = Path.Combine(_state, ".docker"),
        ["DOTNET_NOLOGO"] = "1",
    };

    /// <summary>Every coordinator's job API, in start order: the last line <c>up</c> printed, split.</summary>
    public IReadOnlyList<string> Urls { get; private set; } = [];

    /// <summary>The job API token <c>up</c> generated, for the CLI's --api-token-file.</summary>
    public string ApiTokenFile => Path.Combine(_state, "api-token");

    /// <summary>The token itself, for a test's own HTTP client.</summary>
    public string ApiToken => File.ReadAllText(ApiTokenFile).TrimEnd('\n');

    public static async Task<LocalClusterScript> UpAsync(int coordinators, int workers, CancellationToken ct)
    {
        var cluster = new LocalClusterScript(coordinators, workers);
        try
        {
            var up = await cluster.RunAsync("up", ct);
            Assert.True(up.Succeeded, $"cluster-local.sh up exited {up.ExitCode}:\n{up.CombinedOutput}\n{cluster.Diagnostics()}");
            cluster.Urls = up.StandardOutput.TrimEnd().Split('\n')[^1].Split(',');
            Assert.Contains($"--api-token-file {cluster.ApiTokenFile}", up.StandardOutput);
            Assert.DoesNotContain(cluster.ApiToken, up.CombinedOutput);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The pid <c>up</c> wrote for a node, e.g. <c>coordinator-1</c>.</summary>
    public int Pid(string node) => int.Parse(File.ReadAllText(Path.Combine(_state, node + ".pid")).Trim());

    /// <summary>
    /// Signals a node through its pid file: KILL as a crash (no shutdown code at all), TERM as Kubernetes stops a pod
    /// (coordinated shutdown), STOP as a network cut looks from outside (sockets stay open, nothing answers, no RST).
    /// </summary>
    public async Task SignalAsync(string node, string signal, CancellationToken ct)
    {
        var kill = await ProcessRunner.RunAsync("kill", ["-s", signal, Pid(node).ToString()], ct);
        Assert.True(kill.Succeeded, $"kill -s {signal} {node}: {kill.CombinedOutput}");
    }

    /// <summary>What a node (or <c>postgres</c>) has logged so far.</summary>
    public string Log(string node) => ReadShared(Path.Combine(_state, node + ".log"));

    /// <summary>The last lines of every node's log, for assertion messages.</summary>
    public string Diagnostics(int lines = 30) => string.Join("\n", Directory.GetFiles(_state, "*.log").Order().Select(log =>
        $"--- {Path.GetFileName(log)} ---\n{string.Join("\n", ReadShared(log).Split('\n').TakeLast(lines).Select(l => l.Length > 300 ? l[..300] + "…" : l))}"));

    public async ValueTask DisposeAsync()
    {
        TestContext.Current.TestOutputHelper?.WriteLine(Diagnostics());
        var down = await RunAsync("down", CancellationToken.None);
        if (!down.Succeeded)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"cluster-local.sh down exited {down.ExitCode}:\n{down.CombinedOutput}");
        }

        _pids.ForEach(ProcessReaper.Untrack);
        TempDirectory.TryDelete(_state);
    }

    private async Task<ProcessResult> RunAsync(string verb, CancellationToken ct)
    {
        try
        {
            return await ProcessRunner.RunAsync("bash", [Script, verb], new ProcessRunOptions { Environment = _environment, Timeout = ScriptTimeout }, ct);
        }
        finally
        {
            // The nodes outlive the script: if the test host dies before `down`, the reaper kills them.
            foreach (var pidFile in Directory.GetFiles(_state, "*.pid"))
            {
                if (int.TryParse(ReadShared(pidFile).Trim(), out var pid) && !_pids.Contains(pid))
                {
                    _pids.Add(pid);
                    ProcessReaper.Track(pid);
                }
            }
        }
    }

    // Nodes keep their logs open for writing.
    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }
}
