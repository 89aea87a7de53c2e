using FluxMirror.Actors.Jobs;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Coordinator.ApiClient;

/// <summary>
/// Sits between a job's event streams and the observer when the CLI has to follow a job again (its coordinator
/// went away and the job moved): every new stream replays the job from its start, so plans and rows already
/// shown are passed over, and rows that finished while no stream was open (they arrive inside the new job
/// manager's <see cref="JobRecovered"/>) are shown as the live lines they would have been.
/// </summary>
public sealed class ReconnectObserver(IJobObserver inner) : IJobObserver
{
    private readonly HashSet<int> _planned = [];
    private readonly HashSet<(int Entry, int Tag)> _rows = [];
    private int _streams;

    /// <summary>Call before reading each event stream of the job.</summary>
    public void StreamOpened() => _streams++;

    public void OnRecovered(JobRecovered recovered)
    {
        inner.OnRecovered(recovered);
        if (_streams <= 1)
        {
            // The first stream of a resumed job: rows of the earlier run are in the report, not live lines.
            _rows.UnionWith(recovered.Rows.Select(Key));
            return;
        }

        foreach (var row in recovered.Rows)
        {
            OnRow(row);
        }
    }

    public void OnPlanned(EntryPlanned planned)
    {
        if (_planned.Add(planned.Plan.Entry.Index))
        {
            inner.OnPlanned(planned);
        }
    }

    public void OnRow(TagRowFinished row)
    {
        if (_rows.Add(Key(row)))
        {
            inner.OnRow(row);
        }
    }

    public void OnProgress(JobProgress progress) => inner.OnProgress(progress);

    private static (int Entry, int Tag) Key(TagRowFinished row) => (row.Copy.EntryIndex, row.Copy.TagIndex);
}
