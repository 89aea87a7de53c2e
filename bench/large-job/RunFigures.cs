namespace FluxMirror.Bench.LargeJob;

/// <summary>Everything one large-job run measured, for the table.</summary>
internal sealed record RunFigures(
    LargeEstate Estate,
    int Workers,
    int ConcurrencyPerWorker,
    TimeSpan Seeding,
    TimeSpan Wall,
    TimeSpan? LastPlanAt,
    TimeSpan? FirstRowAt,
    IReadOnlyDictionary<string, double> CpuSeconds,
    double MachineCores,
    IReadOnlyList<NodeMemory> Memory,
    // Rows each worker copied, by node name (worker-1, …).
    IReadOnlyDictionary<string, int> RowsPerWorker,
    JournalFigures Journal,
    string LoadAverageBefore,
    string LoadAverageAfter,
    string? Problem)
{
    public double TagsPerSecond => Estate.Tags / Wall.TotalSeconds;
}
