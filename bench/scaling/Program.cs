using System.Globalization;
using FluxMirror.Bench.Scaling;
using FluxMirror.TestSupport.Infrastructure;

// Benchmark: a coordinator with 1 worker, then with 3, mirrors the same N-tag estate from a source registry to a
// destination registry, each behind a proxy that adds LATENCY_MS to every request. Concurrency is per worker,
// so a latency-bound job should go ~3× faster with 3 workers; exits 1 when the speed-up is below 2.5×.
// The defaults keep the run latency-bound on 2 cores: at 20 ms and 4 copies per worker the registries and the three
// in-process workers need more CPU than 2 cores have (the table's "machine busy" column shows it), and the figure
// measures the machine, not the cluster.
// Usage: bench/cluster-scaling.sh [TAGS=120] [LATENCY_MS=100] [CONCURRENCY_PER_WORKER=2]
const double RequiredSpeedUp = 2.5;
int[] workerCounts = [1, 3];
var tags = IntArgument(args, 0, 120);
var latency = TimeSpan.FromMilliseconds(IntArgument(args, 1, 100));
var concurrency = IntArgument(args, 2, 2);
var ct = CancellationToken.None;

await using var source = await RegistryProcess.StartAsync(ct: ct);
await using var destination = await RegistryProcess.StartAsync(ct: ct);
await using var sourceProxy = await LoopbackProxy.StartAsync(source.BaseUri, ct);
await using var destinationProxy = await LoopbackProxy.StartAsync(destination.BaseUri, ct);

const int warmUpTags = 8;
var seeding = System.Diagnostics.Stopwatch.StartNew();
await EstateSeeder.SeedAsync(source, "estate/app", tags, ct);
await EstateSeeder.SeedAsync(source, "estate/warm-up", warmUpTags, ct);
Console.WriteLine($"seeded {tags} tags in {seeding.Elapsed.TotalSeconds:0.0}s; {latency.TotalMilliseconds:0} ms per request on source and destination, concurrency {concurrency} per worker, {Environment.ProcessorCount} cores, load average {ProcFiles.LoadAverageOneMinute()}");
sourceProxy.Latency = latency;
destinationProxy.Latency = latency;

// JIT and first-use costs would otherwise all land on the first measured run (the single worker's).
var warmUp = await ScalingRun.MeasureAsync(1, concurrency, warmUpTags, $"{sourceProxy.Host}/estate/warm-up", destinationProxy, destination, ct);
Console.WriteLine($"warm-up: {warmUpTags} tags on 1 worker in {warmUp.Wall.TotalSeconds:0.00}s (not measured)");

var runs = new List<RunFigures>();
foreach (var workers in workerCounts)
{
    sourceProxy.Reset();
    destinationProxy.Reset();
    var run = await ScalingRun.MeasureAsync(workers, concurrency, tags, $"{sourceProxy.Host}/estate/app", destinationProxy, destination, ct);
    runs.Add(run);
    Console.WriteLine($"{workers} worker(s): {run.Wall.TotalSeconds:0.00}s; requests per tag: source {Per(sourceProxy)}, destination {Per(destinationProxy)}; most in flight: source {sourceProxy.MaxConcurrent}, destination {destinationProxy.MaxConcurrent}");
}

ScalingTable.Print(runs, Console.Out);
var speedUp = ScalingTable.SpeedUp(runs);
var verdict = speedUp >= RequiredSpeedUp ? "ok" : "FAIL";
Console.WriteLine($"speed-up {workerCounts[^1]} vs {workerCounts[0]} worker(s): {speedUp:0.00}× (required ≥ {RequiredSpeedUp:0.0}×) {verdict}");
return speedUp >= RequiredSpeedUp ? 0 : 1;

string Per(LoopbackProxy proxy) => (proxy.Requests().Count / (double)tags).ToString("0.0", CultureInfo.InvariantCulture);

// Positional; "TAGS=300" is accepted as well as "300".
static int IntArgument(string[] args, int index, int fallback) =>
    args.Length > index ? int.Parse(args[index][(args[index].IndexOf('=') + 1)..], CultureInfo.InvariantCulture) : fallback;
