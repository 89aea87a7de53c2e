using System.Text.Json.Serialization;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;

namespace FluxMirror.Protocol.Messages;

/// <summary>An entry was planned (or failed to plan); rows are reserved in plan order.</summary>
public sealed record EntryPlanned(string JobId, EntryPlan Plan) : IWithJobId;

/// <summary>A tag row reached its final status; <paramref name="Elapsed"/> spans all its attempts.</summary>
/// <param name="Copy">Journaled and sent as <c>job</c>, the name it had before the glossary said "tag copy".</param>
public sealed record TagRowFinished(string JobId, EntryRef Entry, [property: JsonPropertyName("job")] TagCopySpec Copy, TagResult Row, string Worker, long BytesUploaded, TimeSpan Elapsed) : IWithJobId;

/// <summary>Every entry is planned and every row final.</summary>
public sealed record JobCompleted(string JobId, DateTimeOffset Started, TimeSpan Duration) : IWithJobId;

/// <summary>Live progress for whoever follows the job.</summary>
public sealed record JobProgress(string JobId, int EntriesDone, int EntriesTotal, int TagsDone, int TagsTotal, long BytesUploaded) : IWithJobId;

/// <summary>The final report of a job.</summary>
/// <param name="Error">Set when the job failed as a whole before running (its config cannot load on the coordinator, its
/// runtime cannot be built): the one-line reason the CLI prints after <c>✗</c>, as an embedded run prints it. The
/// report then has no entries.</param>
public sealed record JobFinished(string JobId, SyncReport Report, string? Error = null) : IWithJobId
{
    /// <summary>A job that failed as a whole: an empty report that exits 1, and the reason.</summary>
    public static JobFinished Failed(string jobId, string reason, DateTimeOffset at)
    {
        var empty = SyncReport.Create(ReporterName.Value, at, TimeSpan.Zero, []);
        return new(jobId, empty with { Summary = empty.Summary with { ExitCode = 1 } }, reason);
    }
}

/// <summary>Follow a job: the subscriber receives EntryPlanned, TagRowFinished, JobProgress and JobFinished.</summary>
public sealed record FollowJob(string JobId) : IWithJobId;

/// <summary>
/// A follower has handed on <paramref name="Count"/> more events of a cluster job: its event hub keeps only a window
/// of unacknowledged events in flight to each follower, so a follower that stops reading stops receiving.
/// </summary>
public sealed record FollowAck(string JobId, int Count) : IWithJobId;

/// <summary>
/// The follower fell too far behind the job and was dropped: its stream ends here. Following again catches up
/// from the job's state.
/// </summary>
public sealed record FollowDropped(string JobId, string Reason) : IWithJobId;

/// <summary>A job restarted from its journal: what was planned and finished before, for the aggregator and followers.</summary>
public sealed record JobRecovered(string JobId, IReadOnlyList<EntryPlan> Plans, IReadOnlyList<TagRowFinished> Rows) : IWithJobId;

/// <summary>
/// A tag copy was handed to a worker for the first time. Journaled so that after a crash a tag that was being
/// copied, and now reads as up to date, is reported as the copy it was, not as skipped.
/// </summary>
public sealed record TagDispatched(string JobId, int EntryIndex, int TagIndex) : IWithJobId;

/// <summary>Snapshot of a job's journal: plans, dispatched tags and finished rows (rebuilt into the coordinator's state on recovery).</summary>
/// <param name="Cancelled">Set once the job was cancelled: a recovered coordinator finishes the cancel instead of running on.</param>
public sealed record JobSnapshot(string JobId, IReadOnlyList<EntryPlan> Plans, IReadOnlyList<TagRowFinished> Rows, IReadOnlyList<TagDispatched> Dispatched, JobCancelled? Cancelled = null) : IWithJobId;

/// <summary>Journaled when an operator cancels the job: from then on nothing starts, and what is left is reported cancelled.</summary>
public sealed record JobCancelled(string JobId, string Reason, DateTimeOffset At) : IWithJobId;
