using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Bench.LargeJob;

/// <summary>
/// Each node's resident memory: before the job (its idle footprint), the highest RSS seen while sampling, and the
/// kernel's own high-water mark (VmHWM) at the end, which catches peaks between two samples.
/// </summary>
internal sealed class MemorySampler(IReadOnlyList<(string Name, int ProcessId)> nodes)
{
    private readonly Dictionary<string, long> _baseline = nodes.ToDictionary(n => n.Name, n => ProcFiles.StatusBytes(n.ProcessId, "VmRSS") ?? 0);
    private readonly Dictionary<string, long> _peakRss = nodes.ToDictionary(n => n.Name, _ => 0L);

    public void Sample()
    {
        foreach (var (name, pid) in nodes)
        {
            _peakRss[name] = Math.Max(_peakRss[name], ProcFiles.StatusBytes(pid, "VmRSS") ?? 0);
        }
    }

    public long Rss(string name) => ProcFiles.StatusBytes(nodes.Single(n => n.Name == name).ProcessId, "VmRSS") ?? 0;

    public IReadOnlyList<NodeMemory> Figures() =>
        [.. nodes.Select(n => new NodeMemory(n.Name, _baseline[n.Name], _peakRss[n.Name], ProcFiles.StatusBytes(n.ProcessId, "VmHWM") ?? 0))];
}
