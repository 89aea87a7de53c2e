using System.Globalization;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Bench.Estate;

/// <summary>
/// The one table at the end: per run wall time, ratio to skopeo's run of the same kind (copy or no-op), CPU seconds
/// of the copiers that run as processes (steadier than wall time on a shared machine), requests per
/// tag on each side, source bytes over the estate's unique bytes; then requests per tag by kind, the copiers' own notes,
/// and issue 14's targets with ok/MISS.
/// </summary>
internal sealed class EstateReport(SeededEstate estate, IReadOnlyList<CopierRun> runs)
{
    private const string Skopeo = "skopeo";
    private const string FluxMirror = "flux-mirror";
    private const string Floor = "floor";
    private const string FloorProcess = "floor-process";
    private const int LabelWidth = 20;

    public IReadOnlyList<EstateTarget> Targets()
    {
        var flux = Run(FluxMirror, false);
        var floor = Run(Floor, false);
        return
        [
            new("estate copy ≤ 0.30 × skopeo", 0.30, Ratio(flux), Ratio(floor)),
            new("source bytes ≤ 1.10 × unique", 1.10, SourceBytesRatio(flux), SourceBytesRatio(floor)),
            new("requests per copied tag ≤ 15", 15, RequestsPerTag(flux), RequestsPerTag(floor)),
            new("flux-mirror ≤ 1.15 × floor", 1.15, flux.Seconds / floor.Seconds, null),
            new("no-op ≤ 0.15 × skopeo", 0.15, Ratio(Run(FluxMirror, true)), Ratio(Run(Floor, true))),
        ];
    }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(F($"{estate.Shape.Repositories} repositories × {estate.Shape.TagsPerRepository} tags = {estate.Tags} tags, unique bytes {estate.UniqueBytes:N0}"));
        output.WriteLine(F($"{"run",-LabelWidth} {"wall s",7} {"×skopeo",8} {"cpu s",6} {"src req/tag",11} {"dst req/tag",11} {"req/tag",8} {"src bytes/unique",16} {"load1",6}"));
        foreach (var run in runs)
        {
            output.WriteLine(F(
                $"{run.Label,-LabelWidth} {run.Seconds,7:0.00} {Ratio(run),8:0.00} {Cpu(run),6} {run.SourceRequests.Count / (double)estate.Tags,11:0.00} {run.DestinationRequests.Count / (double)estate.Tags,11:0.00} {RequestsPerTag(run),8:0.00} {SourceBytesRatio(run),16:0.00} {run.LoadAverage,6}"));
        }

        output.WriteLine(F($"flux-mirror / floor: copy {WallRatio(Floor, false):0.00}, no-op {WallRatio(Floor, true):0.00}; / floor as its own process: copy {WallRatio(FloorProcess, false):0.00}, no-op {WallRatio(FloorProcess, true):0.00}"));
        output.WriteLine(F($"cpu: flux-mirror / skopeo: copy {CpuRatio(Skopeo, false)}, no-op {CpuRatio(Skopeo, true)}; flux-mirror / floor as its own process: copy {CpuRatio(FloorProcess, false)}, no-op {CpuRatio(FloorProcess, true)}"));
        output.WriteLine(F($"no-op: skopeo {Run(Skopeo, true).Seconds:0.00} s, flux-mirror {Run(FluxMirror, true).Seconds:0.00} s, floor {Run(Floor, true).Seconds:0.00} s; flux-mirror / skopeo {Ratio(Run(FluxMirror, true)):0.00}"));
        PrintKinds(output);
        output.WriteLine();
        foreach (var run in runs.Where(r => r.Note.Length > 0))
        {
            output.WriteLine($"{run.Label}: {run.Note}");
        }

        output.WriteLine();
        output.WriteLine($"targets (issue 14), flux-mirror (floor); load average {ProcFiles.LoadAverage()}:");
        foreach (var target in Targets())
        {
            var floor = target.Floor is { } f ? F($" (floor {f:0.00})") : "";
            output.WriteLine(F($"  {(target.Met ? "ok  " : "MISS")} {target.Name}: {target.FluxMirror:0.00}{floor}"));
        }
    }

    // Requests per tag by kind, one column per run: where each copier spends its requests.
    private void PrintKinds(TextWriter output)
    {
        var perTag = runs.Select(r => RequestKinds.PerTag(r, estate.Tags)).ToList();
        var kinds = perTag.SelectMany(p => p.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        output.WriteLine();
        output.WriteLine("requests per tag by kind:");
        output.WriteLine(F($"{"",-LabelWidth}") + string.Concat(runs.Select(r => F($" {r.Label,LabelWidth}"))));
        foreach (var kind in kinds)
        {
            output.WriteLine(F($"{kind,-LabelWidth}") + string.Concat(perTag.Select(p => F($" {p.GetValueOrDefault(kind),LabelWidth:0.00}"))));
        }
    }

    private CopierRun Run(string copier, bool noOp) => runs.Single(r => r.Copier == copier && r.NoOp == noOp);

    private static string Cpu(CopierRun run) => run.CpuSeconds is { } cpu ? F($"{cpu:0.00}") : "-";

    private double WallRatio(string other, bool noOp) => Run(FluxMirror, noOp).Seconds / Run(other, noOp).Seconds;

    private string CpuRatio(string other, bool noOp) =>
        Run(FluxMirror, noOp).CpuSeconds is { } flux && Run(other, noOp).CpuSeconds is { } theirs && theirs > 0 ? F($"{flux / theirs:0.00}") : "n/a";

    /// <summary>Wall time over skopeo's run of the same kind.</summary>
    private double Ratio(CopierRun run) => run.Seconds / Run(Skopeo, run.NoOp).Seconds;

    private double RequestsPerTag(CopierRun run) => (run.SourceRequests.Count + run.DestinationRequests.Count) / (double)estate.Tags;

    private double SourceBytesRatio(CopierRun run) => run.SourceBytes / (double)estate.UniqueBytes;

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
