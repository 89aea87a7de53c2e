namespace FluxMirror.Bench.Scaling;

/// <summary>
/// One timed job: wall time from submit to JobFinished, CPU used over it by this process and by its children
/// (the registries) in % of one core, the whole machine's busy share, how many rows each worker copied and how long one tag copy took on average (it stays flat
/// while latency is the bound and grows once the machine's CPU is).
/// </summary>
internal sealed record RunFigures(
    int Workers, int Tags, TimeSpan Wall, double ProcessCpuPercent, double RegistriesCpuPercent, double MachineBusyPercent, IReadOnlyList<int> RowsPerWorker, TimeSpan MeanTagCopy)
{
    public double TagsPerSecond => Tags / Wall.TotalSeconds;
}
