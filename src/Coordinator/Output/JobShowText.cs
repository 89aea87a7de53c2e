using System.Globalization;
using System.Text;
using FluxMirror.Actors.Jobs;

namespace FluxMirror.Coordinator.Output;

/// <summary>The <c>job show</c> view: status, progress by status, and how many tags each worker node ran.</summary>
public static class JobShowText
{
    public static string Format(JobDetails details)
    {
        var job = details.Job;
        var counts = string.Join(", ", details.Statuses.Select(s => $"{s.Value} {s.Key}"));
        var status = job.Closed switch
        {
            null => "unfinished",
            { Error: { } error } => $"failed (exit {job.Closed.ExitCode}): {error}",
            _ => $"finished (exit {job.Closed.ExitCode})",
        };
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"job:       {job.Job.JobId}\n");
        sb.Append(CultureInfo.InvariantCulture, $"config:    {job.Job.ConfigSource}\n");
        sb.Append(CultureInfo.InvariantCulture, $"status:    {status}\n");
        sb.Append(CultureInfo.InvariantCulture, $"submitted: {job.Job.SubmittedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n");
        sb.Append(CultureInfo.InvariantCulture, $"entries:   {details.EntriesPlanned}/{job.Job.EntryCount} planned, {details.EntriesFailed} failed to plan\n");
        sb.Append(CultureInfo.InvariantCulture, $"tags:      {details.TagsDone}/{details.TagsTotal} done{(counts.Length > 0 ? $" ({counts})" : string.Empty)}\n");
        sb.Append("workers:\n");
        foreach (var (worker, count) in details.TagsPerWorker.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {worker,-40} {count} tags\n");
        }

        return sb.ToString();
    }
}
