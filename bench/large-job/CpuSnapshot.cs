using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Bench.LargeJob;

/// <summary>CPU ticks per group and process at one instant; two of them give the CPU seconds each group used in between.</summary>
internal sealed record CpuSnapshot(IReadOnlyDictionary<string, Dictionary<int, long>> Groups, (long Busy, long Total) Machine)
{
    /// <summary>
    /// CPU seconds <paramref name="group"/> used since <paramref name="earlier"/>. A process born in between counts
    /// from zero; one that exited in between is lost (PostgreSQL backends of closed connections, rarely).
    /// </summary>
    public double SecondsSince(CpuSnapshot earlier, string group)
    {
        var before = earlier.Groups.GetValueOrDefault(group) ?? [];
        var now = Groups.GetValueOrDefault(group) ?? [];
        return now.Sum(p => p.Value - before.GetValueOrDefault(p.Key)) / ProcFiles.TicksPerSecond;
    }

    /// <summary>The machine's busy share since <paramref name="earlier"/>, in cores (2.0 = both cores of a 2-core box).</summary>
    public double MachineCoresSince(CpuSnapshot earlier) =>
        Machine.Total == earlier.Machine.Total
            ? 0
            : (double)(Machine.Busy - earlier.Machine.Busy) / (Machine.Total - earlier.Machine.Total) * Environment.ProcessorCount;
}
