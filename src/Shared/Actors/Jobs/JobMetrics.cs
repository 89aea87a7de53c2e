using System.Diagnostics;
using System.Diagnostics.Metrics;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;
using FluxMirror.Registry.Telemetry;

namespace FluxMirror.Actors.Jobs;

/// <summary>
/// What jobs record: each tag's final row as it is journaled, how long the journal takes to confirm a job's events,
/// and the jobs the job index holds by status (a gauge read from the index's last published counts, never an Ask).
/// </summary>
internal static class JobMetrics
{
    private static readonly Counter<long> Tags = MirrorMeter.Meter.CreateCounter<long>(
        "flux_mirror_tags", description: "Tag rows journaled by job coordinators, by final status");

    private static readonly Histogram<double> JournalWrites = MirrorMeter.SecondsHistogram(
        "flux_mirror_journal_write_duration", "Time from a job coordinator's persist call to the journal's confirmation, by event");

    private static readonly Lock Gate = new();
    private static object? _indexOwner;
    private static JobCounts _jobs = new(0, 0, 0);

    static JobMetrics() => MirrorMeter.Meter.CreateObservableGauge(
        "flux_mirror_jobs", ObserveJobs, description: "Jobs the job index holds, by status: running, succeeded or failed");

    public static void RecordTag(TagStatus status) => Tags.Add(1, new KeyValuePair<string, object?>("status", status.ToWire()));

    public static long StartWrite() => Stopwatch.GetTimestamp();

    /// <param name="journaledEvent">A fixed event name (tag_row, job_completed): never anything of the job itself.</param>
    public static void RecordWrite(string journaledEvent, long started) =>
        JournalWrites.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("event", journaledEvent));

    /// <summary>The index's jobs changed. With several nodes in one process the index that changed last is shown.</summary>
    public static void PublishJobs(object index, IEnumerable<JobSummary> jobs)
    {
        var counts = JobCounts.Of(jobs);
        lock (Gate)
        {
            _indexOwner = index;
            _jobs = counts;
        }
    }

    public static void ForgetJobs(object index)
    {
        lock (Gate)
        {
            if (ReferenceEquals(_indexOwner, index))
            {
                _indexOwner = null;
                _jobs = new(0, 0, 0);
            }
        }
    }

    private static IEnumerable<Measurement<int>> ObserveJobs()
    {
        JobCounts jobs;
        lock (Gate)
        {
            if (_indexOwner is null)
            {
                return [];
            }

            jobs = _jobs;
        }

        return
        [
            new(jobs.Running, new KeyValuePair<string, object?>("status", "running")),
            new(jobs.Succeeded, new KeyValuePair<string, object?>("status", "succeeded")),
            new(jobs.Failed, new KeyValuePair<string, object?>("status", "failed")),
        ];
    }

    /// <summary>Running = not closed; succeeded = closed with exit code 0; failed = closed otherwise (failed or cancelled).</summary>
    internal sealed record JobCounts(int Running, int Succeeded, int Failed)
    {
        public static JobCounts Of(IEnumerable<JobSummary> jobs)
        {
            int running = 0, succeeded = 0, failed = 0;
            foreach (var job in jobs)
            {
                _ = job.Closed switch
                {
                    null => running++,
                    { ExitCode: 0 } => succeeded++,
                    _ => failed++,
                };
            }

            return new(running, succeeded, failed);
        }
    }
}
