using FluxMirror.Domain.Config;
using FluxMirror.Domain.Mirroring;

namespace FluxMirror.Protocol.Messages;

/// <summary>A job was started (persisted by the job index): which config and flags it runs, so a rerun can find it.</summary>
/// <param name="ConfigDigest">sha256 of the config text as read (before substitution, so no secret is hashed) plus the flags that change the outcome.</param>
public sealed record JobSubmitted(string JobId, string ConfigDigest, string ConfigSource, JobOptions Options, int EntryCount, DateTimeOffset SubmittedAt) : IWithJobId;

/// <summary>A job ended (persisted by the job index and the job manager).</summary>
/// <param name="Error">Why the job failed as a whole without running (see <see cref="JobFinished.Error"/>); null when it ran.</param>
public sealed record JobClosed(string JobId, DateTimeOffset ClosedAt, int ExitCode, int TagsTotal, int TagsFailed, string? Error = null) : IWithJobId;

/// <summary>Ask the index for the newest unfinished job of a config; answered with <see cref="UnfinishedJob"/>.</summary>
public sealed record FindUnfinishedJob(string ConfigDigest) : IMirrorMessage;

public sealed record UnfinishedJob(JobSubmitted? Job) : IMirrorMessage;

/// <summary>Ask the index for every job it knows; answered with <see cref="JobList"/>.</summary>
public sealed record ListJobs : IMirrorMessage
{
    public static readonly ListJobs Instance = new();
}

public sealed record JobSummary(JobSubmitted Job, JobClosed? Closed);

public sealed record JobList(IReadOnlyList<JobSummary> Jobs) : IMirrorMessage;

/// <summary>Jobs finished longer ago than the retention (or beyond the newest <c>KeepFinished</c>), whose journals were
/// deleted; persisted by the job index, which forgets them.</summary>
public sealed record JobsExpired(IReadOnlyList<string> JobIds, DateTimeOffset ExpiredAt) : IMirrorMessage;

/// <summary>The job index's snapshot: the jobs it keeps (older finished ones are dropped), so recovery replays few events.</summary>
public sealed record JobIndexSnapshot(IReadOnlyList<JobSummary> Jobs) : IMirrorMessage;
