using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Actors.Jobs;

/// <summary>
/// One job as <c>job show</c> and <c>GET /jobs/{id}</c> present it: what was submitted, whether it ended,
/// progress, rows per status and how many tags each worker node ran.
/// </summary>
public sealed record JobDetails(
    JobSummary Job,
    int EntriesPlanned,
    int EntriesFailed,
    int TagsDone,
    int TagsTotal,
    IReadOnlyDictionary<string, int> Statuses,
    IReadOnlyDictionary<string, int> TagsPerWorker)
{
    public static JobDetails From(JobSummary job, JobState state) => new(
        job,
        state.Plans.Count,
        state.Plans.Values.Count(p => p.Failed),
        state.TagsDone,
        state.TagsTotal,
        state.Finished.Values
            .GroupBy(r => r.Row.Status)
            .OrderBy(g => g.Key)
            .ToDictionary(g => g.Key.ToWire(), g => g.Count()),
        state.TagsPerWorker);
}
