using System.Globalization;
using System.Text;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Coordinator.Output;

/// <summary>The <c>job list</c> table: newest first.</summary>
public static class JobListText
{
    public static string Format(IReadOnlyList<JobSummary> jobs)
    {
        if (jobs.Count == 0)
        {
            return "no jobs\n";
        }

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{"JOB",-24} {"STATUS",-10} {"TAGS",-6} {"FAILED",-6} {"SUBMITTED",-20} CONFIG\n");
        foreach (var j in jobs.Reverse())
        {
            var status = j.Closed is null ? "unfinished" : j.Closed.Error is not null ? "failed" : j.Closed.ExitCode == 0 ? "completed" : $"exit {j.Closed.ExitCode}";
            sb.Append(CultureInfo.InvariantCulture, $"{j.Job.JobId,-24} {status,-10} {j.Closed?.TagsTotal.ToString(CultureInfo.InvariantCulture) ?? "-",-6} {j.Closed?.TagsFailed.ToString(CultureInfo.InvariantCulture) ?? "-",-6} {j.Job.SubmittedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} {j.Job.ConfigSource}\n");
        }

        return sb.ToString();
    }
}
