using System.Diagnostics;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Cluster;

/// <summary>
/// One <c>flux-mirror coordinator</c> and N <c>flux-mirror-worker</c> as real OS processes on 127.0.0.1 (configured
/// through their FLUX_MIRROR_* variables, as an operator would), sharing a throw-away PostgreSQL journal. Unlike
/// <see cref="InProcessCluster"/>, a node here can die the way a crashed pod does: SIGKILL, no shutdown code at all.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private const string WorkerDll = "flux-mirror-worker.dll";

    // FreePort is racy: a port taken between the probe and the node's bind costs a restart with fresh ports.
    private const int StartAttempts = 3;
    private const int DiagnosticLines = 40;
    private static readonly TimeSpan NodeStartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private readonly List<NodeProcess> _nodes = [];
    private readonly List<string> _pastCoordinatorLines = [];
    private IReadOnlyDictionary<string, string?> _coordinatorEnvironment = new Dictionary<string, string?>();
    private IReadOnlyDictionary<string, string?> _nodeEnvironment = new Dictionary<string, string?>();
    private int _httpPort;
    private readonly string _workDirectory = TempDirectory.Create("process-cluster");
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
    private bool _disposed;

    private ProcessCluster(PostgresProcess postgres) => Postgres = postgres;

    public PostgresProcess Postgres { get; }

    /// <summary>The coordinator's job API, e.g. http://127.0.0.1:41234.</summary>
    public string HttpUrl { get; private set; } = "";

    public NodeProcess Coordinator => _nodes[0];

    public IReadOnlyList<NodeProcess> Workers => [.. _nodes.Skip(1)];

    /// <summary>Completes when the coordinator's API is ready and every worker is an Up member.</summary>
    /// <param name="coordinatorEnvironment">Extra variables of the coordinator process (null value = unset).</param>
    /// <param name="nodeEnvironment">Extra variables of every node, workers included (the coordinator's own win).</param>
    public static async Task<ProcessCluster> StartAsync(
        int workers, CancellationToken ct, IReadOnlyDictionary<string, string?>? coordinatorEnvironment = null, IReadOnlyDictionary<string, string?>? nodeEnvironment = null)
    {
        var cluster = new ProcessCluster(await PostgresProcess.StartAsync(ct));
        cluster._coordinatorEnvironment = coordinatorEnvironment ?? new Dictionary<string, string?>();
        cluster._nodeEnvironment = nodeEnvironment ?? new Dictionary<string, string?>();
        try
        {
            await cluster.StartNodesAsync(workers, ct);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// SIGKILLs every node and starts the cluster again on the same PostgreSQL journal, the coordinator on the same
    /// HTTP port (a CLI following a job reconnects to it) with <paramref name="coordinatorEnvironment"/> if given.
    /// </summary>
    public async Task RestartAsync(CancellationToken ct, IReadOnlyDictionary<string, string?>? coordinatorEnvironment = null)
    {
        var workers = Workers.Count;
        _pastCoordinatorLines.AddRange(Coordinator.Lines());
        foreach (var node in _nodes)
        {
            await node.KillAsync(ct);
            node.Dispose();
        }

        _nodes.Clear();
        _coordinatorEnvironment = coordinatorEnvironment ?? _coordinatorEnvironment;
        await StartNodesAsync(workers, ct);
    }

    /// <summary>Every line every coordinator process of this cluster printed, restarts included.</summary>
    public IReadOnlyList<string> CoordinatorLines() => [.. _pastCoordinatorLines, .. Coordinator.Lines()];

    private async Task StartNodesAsync(int workers, CancellationToken ct)
    {
        await StartCoordinatorAsync(ct);
        // All at once: on two cores most of a node's start is JIT, which overlaps well with the other's I/O.
        await Task.WhenAll(Enumerable.Range(1, workers).Select(i => StartWorkerAsync($"worker-{i}", ct)));
        await AwaitWorkersUpAsync(ct);
    }

    /// <summary>The last lines each node printed, for assertion messages.</summary>
    public string Diagnostics() => Diagnostics(_nodes);

    private static string Diagnostics(IEnumerable<NodeProcess> nodes) =>
        string.Join("\n", nodes.Select(n => $"--- {n.Name} {n.Address} ({(n.HasExited ? "exited" : "running")}) ---\n{n.Tail(DiagnosticLines)}"));

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        TestContext.Current.TestOutputHelper?.WriteLine(Diagnostics());
        await Task.WhenAll(_nodes.Select(n => n.StopAsync(ExitTimeout)));
        _nodes.ForEach(n => n.Dispose());
        _http.Dispose();
        await Postgres.DisposeAsync();
        TempDirectory.TryDelete(_workDirectory);
    }

    private Task StartCoordinatorAsync(CancellationToken ct)
    {
        var attemptKeepsPort = true;
        return LaunchAsync(
            "coordinator",
            port =>
            {
                // A restart keeps the port, unless it was taken meanwhile (then the start is retried on a fresh one).
                var httpPort = _httpPort != 0 && HttpUrl.Length > 0 && attemptKeepsPort ? _httpPort : FreePort.Next();
                attemptKeepsPort = false;
                _httpPort = httpPort;
                HttpUrl = $"http://127.0.0.1:{httpPort}";
                var environment = NodeEnvironment(port, seed: null, httpPort);
                foreach (var (name, value) in _coordinatorEnvironment)
                {
                    environment[name] = value;
                }

                return new([Path.Combine(AppContext.BaseDirectory, "flux-mirror.dll"), "coordinator"], environment);
            },
            IsCoordinatorReadyAsync,
            ct);
    }

    private Task StartWorkerAsync(string name, CancellationToken ct) =>
        LaunchAsync(
            name,
            port => new([Path.Combine(AppContext.BaseDirectory, WorkerDll)], NodeEnvironment(port, Coordinator.Address, httpPort: null)),
            node => Task.FromResult(node.Lines().Any(l => l.Contains("Welcome from [", StringComparison.Ordinal))),
            ct);

    /// <summary>Starts a node (again on fresh ports if it dies early) and, once ready, adds it to the cluster's nodes.</summary>
    private async Task LaunchAsync(string name, Func<int, NodeCommand> command, Func<NodeProcess, Task<bool>> isReady, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var node = NodeProcess.Start(name, port, command(port), _workDirectory);
            try
            {
                await WaitUntilAsync(() => isReady(node), $"{name} to start", [node], ct);
                lock (_nodes)
                {
                    _nodes.Add(node);
                }

                return;
            }
            catch (Exception ex)
            {
                await node.StopAsync(ExitTimeout);
                node.Dispose();
                if (ex is not NodeExitedException || attempt == StartAttempts)
                {
                    throw;
                }
            }
        }
    }

    private async Task<bool> IsCoordinatorReadyAsync(NodeProcess node)
    {
        if (!node.Lines().Any(l => l.StartsWith("coordinator listening on", StringComparison.Ordinal)))
        {
            return false;
        }

        try
        {
            using var response = await _http.GetAsync($"{HttpUrl}/healthz/ready");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
        catch (TaskCanceledException)
        {
            return false; // listening, but too busy starting to answer within the client timeout
        }
    }

    // The leader (whichever node has the lowest address) logs every Joining -> Up move; any node's log will do.
    private Task AwaitWorkersUpAsync(CancellationToken ct) =>
        WaitUntilAsync(
            () => Task.FromResult(Workers.All(w => _nodes.Any(n => n.Lines().Any(l => l.Contains($"Leader is moving node [{w.Address}] to [Up]", StringComparison.Ordinal))))),
            "every worker to be Up",
            _nodes,
            ct);

    // Eventually with a watch on the nodes: one that died stops the wait at once instead of after the timeout.
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, IReadOnlyList<NodeProcess> watched, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(NodeStartTimeout);
        using var period = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        try
        {
            while (!await condition())
            {
                await period.WaitForNextTickAsync(deadline.Token);
                if (watched.FirstOrDefault(n => n.HasExited) is { } dead)
                {
                    throw new NodeExitedException($"{dead.Name} exited while waiting for {what}:\n{dead.Tail(DiagnosticLines)}");
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"timed out after {NodeStartTimeout.TotalSeconds:0}s waiting for {what}:\n{Diagnostics(watched)}");
        }
    }

    private Dictionary<string, string?> NodeEnvironment(int port, string? seed, int? httpPort)
    {
        var environment = BaseEnvironment(port, seed, httpPort);
        foreach (var (name, value) in _nodeEnvironment)
        {
            environment[name] = value;
        }

        return environment;
    }

    private Dictionary<string, string?> BaseEnvironment(int port, string? seed, int? httpPort) =>
        NodeVariables.Base(port, seed, Postgres.ConnectionString, httpPort, _workDirectory);

    /// <summary>A <c>dotnet</c> command line and environment for one node.</summary>
    internal sealed record NodeCommand(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string?> Environment);

    private sealed class NodeExitedException(string message) : Exception(message);
}
