using System.Collections.Concurrent;
using System.Diagnostics;
using FluxMirror.Actors.Jobs;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Bench.LargeJob;

/// <summary>
/// Watches the job's event stream as the CLI would: how many entries are planned and rows final, when the last plan
/// and the first row arrived (planning against copying), and which worker copied how many rows.
/// </summary>
internal sealed class RunObserver(Stopwatch sinceSubmit) : IJobObserver
{
    private readonly ConcurrentDictionary<string, int> _rowsPerWorker = new();
    private int _entriesPlanned;
    private int _rows;

    public int EntriesPlanned => Volatile.Read(ref _entriesPlanned);

    public int Rows => Volatile.Read(ref _rows);

    public TimeSpan? LastPlanAt { get; private set; }

    public TimeSpan? FirstRowAt { get; private set; }

    public IReadOnlyDictionary<string, int> RowsPerWorker => _rowsPerWorker;

    public void OnRecovered(JobRecovered recovered)
    {
        Interlocked.Add(ref _entriesPlanned, recovered.Plans.Count);
        Interlocked.Add(ref _rows, recovered.Rows.Count);
    }

    public void OnPlanned(EntryPlanned planned)
    {
        Interlocked.Increment(ref _entriesPlanned);
        LastPlanAt = sinceSubmit.Elapsed;
    }

    public void OnRow(TagRowFinished row)
    {
        if (Interlocked.Increment(ref _rows) == 1)
        {
            FirstRowAt = sinceSubmit.Elapsed;
        }

        _rowsPerWorker.AddOrUpdate(row.Worker, 1, (_, n) => n + 1);
    }

    public void OnProgress(JobProgress progress)
    {
    }
}
