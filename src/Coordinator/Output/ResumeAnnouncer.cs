using FluxMirror.Actors.Jobs;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Coordinator.Output;

/// <summary>Says on stderr that a job continues from its journal (in every output mode; stdout stays the report's).</summary>
public sealed class ResumeAnnouncer(IJobObserver inner, TextWriter stderr) : IJobObserver
{
    public void OnRecovered(JobRecovered recovered)
    {
        var total = recovered.Plans.Sum(p => p.Copies.Count);
        stderr.WriteLine($"resuming job {recovered.JobId}: {recovered.Rows.Count}/{total} tags done");
        inner.OnRecovered(recovered);
    }

    public void OnPlanned(EntryPlanned planned) => inner.OnPlanned(planned);

    public void OnRow(TagRowFinished row) => inner.OnRow(row);

    public void OnProgress(JobProgress progress) => inner.OnProgress(progress);
}
