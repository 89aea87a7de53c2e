using FluxMirror.Protocol.Messages;

namespace FluxMirror.Actors.Jobs;

/// <summary>Receives a job's live events, in arrival order, on one thread at a time.</summary>
public interface IJobObserver
{
    /// <summary>The job resumed from its journal with some rows already final.</summary>
    void OnRecovered(JobRecovered recovered);

    void OnPlanned(EntryPlanned planned);

    void OnRow(TagRowFinished row);

    void OnProgress(JobProgress progress);
}
