using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using FluxMirror.Actors.Nodes;
using FluxMirror.Bench.LargeJob;
using FluxMirror.Coordinator.ApiClient;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Protocol.Api;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;

// Benchmark: one job of REPOS entries × TAGS tags through a real local cluster of processes (a coordinator and
// WORKERS workers on a PostgreSQL journal, as scripts/cluster-local.sh runs them), submitted and followed through the
// coordinator's authenticated API exactly as `flux-mirror sync --cluster` does. Prints wall time, tags per second,
// CPU and memory per node, journal growth per tag; exits 1 only when the job failed or left a tag uncopied.
// Usage: bench/large-job.sh [REPOS=2000] [TAGS=10] [WORKERS=2] [CONCURRENCY_PER_WORKER=16] [TIMEOUT_MINUTES=80] [NODE_HEAP_MIB]
// NODE_HEAP_MIB caps each node's GC heap (DOTNET_GCHeapHardLimit, what a container memory limit sets to 75 % of the
// limit): RSS alone does not tell live state from the headroom a GC keeps when memory is plentiful.
var estate = new LargeEstate(IntArgument(args, 0, 2000), IntArgument(args, 1, 10));
var workers = IntArgument(args, 2, 2);
var concurrency = IntArgument(args, 3, 16);
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(IntArgument(args, 4, 80)));
var nodeHeapMiB = IntArgument(args, 5, 0);
var ct = timeout.Token;
var progressEvery = TimeSpan.FromSeconds(15);

await using var source = await RegistryProcess.StartAsync(ct: ct);
await using var destination = await RegistryProcess.StartAsync(ct: ct);
var seeding = Stopwatch.StartNew();
var lastSeedLine = Stopwatch.StartNew();
await estate.SeedAsync(source, pushed =>
{
    if (lastSeedLine.Elapsed > progressEvery)
    {
        lastSeedLine.Restart();
        Console.WriteLine($"seeding: {pushed}/{estate.Tags} images in {seeding.Elapsed.TotalSeconds:0}s");
    }
}, ct);
seeding.Stop();
Console.WriteLine($"seeded {estate.Tags} images in {seeding.Elapsed.TotalSeconds:0.0}s");

// The API as deployed: every route but the health probes wants the bearer token. A config crosses between nodes
// whole, and one artifact entry takes ~150 bytes of it: past ~800 entries Akka's default 128 000-byte frame is too
// small, so every node gets room for this config (the same value everywhere: a node drops a larger frame).
var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
var config = estate.Config(source, destination);
var frameSize = Math.Max(128_000, 4 * System.Text.Encoding.UTF8.GetByteCount(config));
var nodeEnvironment = new Dictionary<string, string?> { [RemotingFrameSize.Variable] = frameSize.ToString(CultureInfo.InvariantCulture) };
if (nodeHeapMiB > 0)
{
    nodeEnvironment["DOTNET_GCHeapHardLimit"] = ((long)nodeHeapMiB * 1024 * 1024).ToString("x", CultureInfo.InvariantCulture);
}

await using var cluster = await ProcessCluster.StartAsync(
    workers, ct,
    coordinatorEnvironment: new Dictionary<string, string?> { ["FLUX_MIRROR_API_TOKEN"] = token },
    nodeEnvironment: nodeEnvironment);
List<(string Name, int ProcessId)> nodes = [("coordinator", cluster.Coordinator.ProcessId), .. cluster.Workers.Select(w => (w.Name, w.ProcessId))];
Console.WriteLine($"cluster up: {string.Join(", ", nodes.Select(n => $"{n.Name} pid {n.ProcessId}"))}; API {cluster.HttpUrl}; config {config.Length} bytes, frame size {frameSize} bytes{(nodeHeapMiB > 0 ? $", GC heap limit {nodeHeapMiB} MiB per node" : "")}");

var groups = new CpuGroups(nodes, cluster.Postgres.DataDirectory);
var memory = new MemorySampler(nodes);
var loadBefore = ProcFiles.LoadAverageOneMinute();
var clock = Stopwatch.StartNew();
var observer = new RunObserver(clock);
var cpuStart = groups.Take();
using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
var sampler = SampleAsync(sampling.Token);

string? problem;
try
{
    var report = await ClusterSync.RunAsync(
        cluster.HttpUrl, new SubmitJobRequest(config, "bench/large-job", new JobOptions(Concurrency: concurrency)),
        observer, Console.Error, reconnectFor: TimeSpan.FromMinutes(1), ct, apiToken: token);
    problem = estate.ReportProblem(report);
}
catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
{
    problem = $"the job failed: {ex.Message}";
}
catch (OperationCanceledException)
{
    problem = $"timed out after {clock.Elapsed.TotalMinutes:0} min with {observer.Rows}/{estate.Tags} rows final, {observer.EntriesPlanned}/{estate.Repositories} entries planned";
}

var wall = clock.Elapsed;
var cpuEnd = groups.Take();
await sampling.CancelAsync();
await sampler;
var loadAfter = ProcFiles.LoadAverageOneMinute();

if (problem is null)
{
    var incomplete = await estate.IncompleteMirrorsAsync(destination, ct);
    problem = incomplete.Count == 0 ? null : $"{incomplete.Count} destination repositories incomplete, e.g. {string.Join(", ", incomplete.Take(3))}";
}

IEnumerable<string> cpuGroups = [.. groups.NodeNames, CpuGroups.Registries, CpuGroups.Postgres];
var figures = new RunFigures(
    estate, workers, concurrency, seeding.Elapsed, wall, observer.LastPlanAt, observer.FirstRowAt,
    cpuGroups.ToDictionary(g => g, g => cpuEnd.SecondsSince(cpuStart, g)),
    cpuEnd.MachineCoresSince(cpuStart),
    memory.Figures(),
    cluster.Workers.ToDictionary(w => w.Name, w => observer.RowsPerWorker.GetValueOrDefault(w.Address)),
    await JournalFigures.ReadAsync(cluster.Postgres, CancellationToken.None),
    loadBefore,
    loadAfter,
    problem);
FiguresTable.Print(figures, Console.Out);
if (problem is not null)
{
    Console.WriteLine(cluster.Diagnostics());
}

return problem is null ? 0 : 1;

// Memory every second (VmHWM catches what falls between); a progress line every 15 s, with the coordinator's CPU
// over that interval, so a run that crawls shows where the time goes while it crawls.
async Task SampleAsync(CancellationToken stop)
{
    using var period = new PeriodicTimer(TimeSpan.FromSeconds(1));
    var last = cpuStart;
    var lastRows = 0;
    var lastAt = TimeSpan.Zero;
    try
    {
        while (await period.WaitForNextTickAsync(stop))
        {
            memory.Sample();
            if (clock.Elapsed - lastAt < progressEvery)
            {
                continue;
            }

            var now = groups.Take();
            var interval = (clock.Elapsed - lastAt).TotalSeconds;
            var rows = observer.Rows;
            var perNode = string.Join(", ", groups.NodeNames.Append(CpuGroups.Registries).Append(CpuGroups.Postgres)
                .Select(g => $"{g} {now.SecondsSince(last, g) / interval:0.00}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{clock.Elapsed.TotalSeconds,6:0}s planned {observer.EntriesPlanned}/{estate.Repositories}, rows {rows}/{estate.Tags} ({(rows - lastRows) / interval:0.0}/s); cores: {perNode}, machine {now.MachineCoresSince(last):0.00}; coordinator RSS {memory.Rss("coordinator") / (1024 * 1024)} MiB; load {ProcFiles.LoadAverageOneMinute()}"));
            (last, lastRows, lastAt) = (now, rows, clock.Elapsed);
        }
    }
    catch (OperationCanceledException)
    {
        // the job ended
    }
}

// Positional; "REPOS=2000" is accepted as well as "2000".
static int IntArgument(string[] args, int index, int fallback) =>
    args.Length > index ? int.Parse(args[index][(args[index].IndexOf('=') + 1)..], CultureInfo.InvariantCulture) : fallback;
