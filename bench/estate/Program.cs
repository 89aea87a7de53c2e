using System.Globalization;
using FluxMirror.Bench.Estate;
using FluxMirror.TestSupport.Infrastructure;

// Benchmark (issue 14): skopeo, flux-mirror and the floor copier (in this process and as a process of its own) mirror
// the same estate in one run, each from the shared source registry into its own fresh destination, both sides behind
// counting proxies; then each reruns as a no-op.
// Prints one table and the targets (ok/MISS). Exits 0 on MISS (a measurement), 1 when a copier failed or left
// tags behind. Usage (via bench/estate-vs-skopeo.sh): EstateBench [REPOS=30] [TAGS=4] [CONCURRENCY=8]; FLUX_MIRROR_BIN
// is the flux-mirror apphost or .dll to run. (`floor-child …` is how the bench runs its floor as a process of its own.)
if (args is [FloorProcessCopier.ChildMode, ..])
{
    using var childTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
    return await FloorProcessCopier.RunChildAsync(args, childTimeout.Token);
}

var shape = new EstateShape(IntArgument(args, 0, 30), IntArgument(args, 1, 4));
var concurrency = IntArgument(args, 2, 8);
var binary = Environment.GetEnvironmentVariable("FLUX_MIRROR_BIN") is { Length: > 0 } bin
    ? Path.GetFullPath(bin)
    : throw new InvalidOperationException("set FLUX_MIRROR_BIN to the flux-mirror apphost or .dll (bench/estate-vs-skopeo.sh does)");
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(30));
var ct = timeout.Token;

var work = TempDirectory.Create("estate");
try
{
    await using var source = await RegistryProcess.StartAsync(ct: ct);
    var seeding = System.Diagnostics.Stopwatch.StartNew();
    var estate = await EstateSeeder.SeedAsync(source, shape, ct);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"seeded {shape.Repositories} repositories × {shape.TagsPerRepository} tags in {seeding.Elapsed.TotalSeconds:0.0} s: one {EstateShape.BaseLayerBytes / 1024} KiB base layer shared by all, {EstateShape.UniqueLayers} × {EstateShape.UniqueLayerBytes / 1024} KiB layers and a config per image; unique bytes {estate.UniqueBytes:N0}"));
    Console.WriteLine($"flux-mirror: {binary}; concurrency {concurrency}; {Environment.ProcessorCount} cores; load average {ProcFiles.LoadAverage()}");

    IEstateCopier[] copiers =
    [
        new SkopeoCopier(shape, Directory.CreateDirectory(Path.Combine(work, "skopeo")).FullName),
        new FluxMirrorCopier(shape, binary, concurrency, Directory.CreateDirectory(Path.Combine(work, "flux-mirror")).FullName),
        new FloorCopier(shape, concurrency),
        new FloorProcessCopier(shape, concurrency),
    ];
    var lanes = new List<CopierLane>();
    try
    {
        foreach (var copier in copiers)
        {
            lanes.Add(await CopierLane.StartAsync(copier, source, ct));
        }

        var runs = new List<CopierRun>();
        foreach (var noOp in new[] { false, true })
        {
            foreach (var lane in lanes)
            {
                var run = await lane.MeasureAsync(estate, noOp, ct);
                runs.Add(run);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{run.Label}: {run.Seconds:0.00} s, {run.SourceRequests.Count} source + {run.DestinationRequests.Count} destination requests, load {run.LoadAverage}"));
            }
        }

        new EstateReport(estate, runs).Print(Console.Out);
        return 0;
    }
    finally
    {
        foreach (var lane in lanes)
        {
            await lane.DisposeAsync();
        }
    }
}
catch (CopyFailedException e)
{
    Console.Error.WriteLine($"✗ {e.Message}");
    return 1;
}
finally
{
    TempDirectory.TryDelete(work);
}

// Positional; "REPOS=30" is accepted as well as "30".
static int IntArgument(string[] args, int index, int fallback) =>
    args.Length > index ? int.Parse(args[index][(args[index].IndexOf('=', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture) : fallback;
