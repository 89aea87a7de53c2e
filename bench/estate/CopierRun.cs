using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Bench.Estate;

/// <summary>
/// One timed run of a copier: wall time, its CPU time when it ran as a child process (null for the in-process floor,
/// whose CPU cannot be told from the proxies'), every request each proxy saw, the bytes the source proxy served, the
/// machine's 1-minute load average when it started, and the copier's own note.
/// </summary>
internal sealed record CopierRun(
    string Copier,
    bool NoOp,
    TimeSpan Wall,
    double? CpuSeconds,
    IReadOnlyList<ProxiedRequest> SourceRequests,
    IReadOnlyList<ProxiedRequest> DestinationRequests,
    long SourceBytes,
    string LoadAverage,
    string Note)
{
    public string Label => NoOp ? Copier + " no-op" : Copier;

    public double Seconds => Wall.TotalSeconds;
}
