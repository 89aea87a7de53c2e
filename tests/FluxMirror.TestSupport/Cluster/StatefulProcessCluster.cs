using System.Diagnostics;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Cluster;

/// <summary>
/// Coordinators and workers as real processes with stable identities, as two StatefulSets run them: a node keeps its
/// name, remoting port and (coordinators) API port across restarts, and every node seeds from all coordinators, so any
/// one of them can be away. <see cref="RollAsync"/> restarts one node the way a rolling update does.
/// </summary>
public sealed class StatefulProcessCluster : IAsyncDisposable
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(60);
    private readonly List<Slot> _slots = [];
    private readonly string _workDirectory = TempDirectory.Create("stateful-cluster");
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
    private IReadOnlyDictionary<string, string?> _environment = new Dictionary<string, string?>();

    private StatefulProcessCluster(PostgresProcess postgres) => Postgres = postgres;

    public PostgresProcess Postgres { get; }

    /// <summary>Every coordinator's API, in ordinal order: what the CLI is given as <c>--cluster URL,URL</c>.</summary>
    public IReadOnlyList<string> HttpUrls => [.. _slots.Where(s => s.HttpPort is not null).Select(s => $"http://127.0.0.1:{s.HttpPort}")];

    /// <summary>The nodes in the order a rolling update restarts them: highest ordinal first, workers before coordinators.</summary>
    public IReadOnlyList<string> RollingOrder => [.. _slots.Where(s => s.HttpPort is null).Reverse().Concat(_slots.Where(s => s.HttpPort is not null).Reverse()).Select(s => s.Name)];

    public static async Task<StatefulProcessCluster> StartAsync(int coordinators, int workers, CancellationToken ct, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var cluster = new StatefulProcessCluster(await PostgresProcess.StartAsync(ct)) { _environment = environment ?? new Dictionary<string, string?>() };
        try
        {
            for (var i = 0; i < coordinators; i++)
            {
                cluster._slots.Add(new Slot($"coordinator-{i}", FreePort.Next(), FreePort.Next()));
            }
            for (var i = 0; i < workers; i++)
            {
                cluster._slots.Add(new Slot($"worker-{i}", FreePort.Next(), null));
            }

            // Ordinal order, one at a time for the coordinators (coordinator-0 founds the cluster), workers together.
            foreach (var slot in cluster._slots.Where(s => s.HttpPort is not null))
            {
                await cluster.StartNodeAsync(slot, ct);
            }

            await Task.WhenAll(cluster._slots.Where(s => s.HttpPort is null).Select(s => cluster.StartNodeAsync(s, ct)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// SIGTERM (coordinated shutdown: hand off, leave), wait for the exit, start the node again on the same ports and
    /// wait until it is an Up member: what a StatefulSet rolling update does to one pod. Returns the old process's exit
    /// code and its own last lines (a crash on the way out would otherwise be lost behind the new process's output).
    /// </summary>
    public async Task<NodeExit> RollAsync(string name, CancellationToken ct)
    {
        var slot = _slots.Single(s => s.Name == name);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(NodeTimeout);
        var exitCode = await slot.Process!.TerminateAsync(deadline.Token);
        var exit = new NodeExit(exitCode, slot.Process.Tail(60));
        slot.PastLines.AddRange(slot.Process.Lines());
        slot.Process.Dispose();
        slot.Process = null;
        await StartNodeAsync(slot, ct);
        return exit;
    }

    /// <summary>The id of the one job the cluster ran, from whichever coordinator answers.</summary>
    public async Task<string> OnlyJobIdAsync(CancellationToken ct)
    {
        foreach (var url in HttpUrls)
        {
            try
            {
                var jobs = System.Text.Json.Nodes.JsonNode.Parse(await _http.GetStringAsync($"{url}/jobs", ct))!.AsArray();
                return Assert.Single(jobs)!["job"]!["jobId"]!.GetValue<string>();
            }
            catch (HttpRequestException)
            {
                // Ask the next coordinator.
            }
        }

        throw new InvalidOperationException("no coordinator answered GET /jobs");
    }

    /// <summary>The last lines of every node, for assertion messages.</summary>
    public string Diagnostics() =>
        string.Join("\n", _slots.Select(s => $"--- {s.Name} 127.0.0.1:{s.Port} ---\n{string.Join("\n", s.PastLines.Concat(s.Process?.Lines() ?? []).TakeLast(30))}"));

    public async ValueTask DisposeAsync()
    {
        TestContext.Current.TestOutputHelper?.WriteLine(Diagnostics());
        await Task.WhenAll(_slots.Where(s => s.Process is not null).Select(s => s.Process!.StopAsync(TimeSpan.FromSeconds(10))));
        _slots.ForEach(s => s.Process?.Dispose());
        _http.Dispose();
        await Postgres.DisposeAsync();
        TempDirectory.TryDelete(_workDirectory);
    }

    private async Task StartNodeAsync(Slot slot, CancellationToken ct)
    {
        string[] arguments = slot.HttpPort is null ? ["worker"] : ["coordinator"];
        slot.Process = NodeProcess.Start(slot.Name, slot.Port, new ProcessCluster.NodeCommand([Path.Combine(AppContext.BaseDirectory, "flux-mirror.dll"), .. arguments], Environment(slot)), _workDirectory);
        var address = $"akka.tcp://flux-mirror@127.0.0.1:{slot.Port}";
        var clock = Stopwatch.StartNew();
        using var period = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (!await IsUpAsync(address, ct))
        {
            if (slot.Process.HasExited)
            {
                throw new InvalidOperationException($"{slot.Name} exited while starting:\n{Diagnostics()}");
            }
            if (clock.Elapsed > NodeTimeout)
            {
                throw new TimeoutException($"{slot.Name} was not Up after {NodeTimeout.TotalSeconds:0} s:\n{Diagnostics()}");
            }

            await period.WaitForNextTickAsync(ct);
        }
    }

    // Up as a running coordinator sees it (cluster show on its API): the readiness a rolling update waits for.
    private async Task<bool> IsUpAsync(string address, CancellationToken ct)
    {
        foreach (var url in HttpUrls)
        {
            try
            {
                var show = await _http.GetStringAsync($"{url}/ops/cluster/show", ct);
                if (show.Split('\n').Any(l => l.StartsWith(address + " |", StringComparison.Ordinal) && l.Contains("| up |", StringComparison.Ordinal)))
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // That coordinator is away (restarting): ask the next.
            }
        }

        return false;
    }

    private Dictionary<string, string?> Environment(Slot slot)
    {
        var seeds = string.Join(",", _slots.Where(s => s.HttpPort is not null).Select(s => $"akka.tcp://flux-mirror@127.0.0.1:{s.Port}"));
        var environment = NodeVariables.Base(slot.Port, seeds, Postgres.ConnectionString, slot.HttpPort, _workDirectory);
        foreach (var (name, value) in _environment)
        {
            environment[name] = value;
        }

        return environment;
    }

    private sealed class Slot(string name, int port, int? httpPort)
    {
        public string Name { get; } = name;

        public int Port { get; } = port;

        public int? HttpPort { get; } = httpPort;

        public NodeProcess? Process { get; set; }

        public List<string> PastLines { get; } = [];
    }
}

/// <summary>How a node's process ended: its exit code and its last lines (stdout and stderr, as they came).</summary>
public sealed record NodeExit(int Code, string LastLines);
