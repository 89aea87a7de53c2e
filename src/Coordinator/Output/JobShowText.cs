using System.Globalization;
using System.Text;
using FluxMirror.Coordinator.Jobs;
using FluxMirror.Shared.Protocol;
using FluxMirror.Shared.Reporting;

namespace FluxMirror.Coordinator.Output;

/// <summary>The <c>job show</c> view: status, progress by status, and how many tags each worker node ran.</summary>
public static class JobShowText
{
    public static string Format(JobSummary job, JobState state)
    {
        var rows = state.Finished.Values.Select(r => r.Row.Status).ToList();
        var counts = string.Join(", ", Enum.GetValues<TagStatus>()
            .Select(s => (s, n: rows.Count(r => r == s)))
            .Where(x => x.n > 0)
            .Select(x => $"{x.n} {x.s.ToWire()}"));
        var status = job.Closed is null ? "unfinished" : $"finished (exit {job.Closed.ExitCode})";
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"job:       {job.Job.JobId}\n");
        sb.Append(CultureInfo.InvariantCulture, $"config:    {job.Job.ConfigSource}\n");
        sb.Append(CultureInfo.InvariantCulture, $"status:    {status}\n");
        sb.Append(CultureInfo.InvariantCulture, $"submitted: {job.Job.SubmittedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n");
        sb.Append(CultureInfo.InvariantCulture, $"entries:   {state.Plans.Count}/{state.EntryCount} planned, {state.Plans.Values.Count(p => p.Failed)} failed to plan\n");
        sb.Append(CultureInfo.InvariantCulture, $"tags:      {state.TagsDone}/{state.TagsTotal} done{(counts.Length > 0 ? $" ({counts})" : string.Empty)}\n");
        sb.Append("workers:\n");
        foreach (var (worker, count) in state.TagsPerWorker.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {worker,-40} {count} tags\n");
        }

        return sb.ToString();
    }
}
