using FluxMirror.Domain.Mirroring;

namespace FluxMirror.Protocol.Messages;

/// <summary>
/// Run one attempt of a tag job. Idempotent by (job, entry, tag, attempt): a duplicate delivery of the
/// same attempt is answered from the entity's memory instead of copying twice.
/// </summary>
/// <param name="Budget">What is left of the job's --timeout budget; the worker cancels the attempt when it runs out.</param>
public sealed record RunTagAttempt(string JobId, TagJob Job, int Attempt, TimeSpan Budget) : IWithTagEntityId
{
    public string EntityId => TagEntityIds.For(JobId, Job.EntryIndex, Job.TagIndex);
}

/// <summary>The attempt finished with a status (copied, skipped, drifted …).</summary>
public sealed record TagAttemptSucceeded(string JobId, int EntryIndex, int TagIndex, int Attempt, TagAttemptResult Result, string Worker) : IWithJobId;

/// <summary>The attempt failed; <paramref name="DeadlineExceeded"/> means the budget ran out (never retried).</summary>
public sealed record TagAttemptFailed(string JobId, int EntryIndex, int TagIndex, int Attempt, string Error, bool DeadlineExceeded, string Worker) : IWithJobId;

public static class TagEntityIds
{
    public static string For(string jobId, int entryIndex, int tagIndex) => $"{jobId}.{entryIndex}.{tagIndex}";
}
