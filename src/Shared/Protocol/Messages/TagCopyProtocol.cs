using System.Text.Json.Serialization;
using FluxMirror.Domain.Mirroring;

namespace FluxMirror.Protocol.Messages;

/// <summary>
/// Run one attempt of a tag copy. Idempotent by (job, entry, tag, attempt): a duplicate delivery of the
/// same attempt is answered from the entity's memory instead of copying twice.
/// </summary>
/// <param name="Copy">Sent as <c>job</c>, the name it had before the glossary said "tag copy".</param>
/// <param name="Budget">What is left of the tag copy's --timeout budget; the worker cancels the attempt when it runs out.</param>
public sealed record RunTagAttempt(string JobId, [property: JsonPropertyName("job")] TagCopySpec Copy, int Attempt, TimeSpan Budget) : IWithTagEntityId
{
    public string EntityId => TagEntityIds.For(JobId, Copy.EntryIndex, Copy.TagIndex);
}

/// <summary>The attempt finished with a status (copied, skipped, drifted …).</summary>
public sealed record TagAttemptSucceeded(string JobId, int EntryIndex, int TagIndex, int Attempt, TagAttemptResult Result, string Worker) : IWithJobId;

/// <summary>The attempt failed; <paramref name="DeadlineExceeded"/> means the budget ran out (never retried).</summary>
/// <param name="Partial">What the attempt established before failing (digest, referrer rows); kept on the failed row.</param>
public sealed record TagAttemptFailed(string JobId, int EntryIndex, int TagIndex, int Attempt, string Error, bool DeadlineExceeded, string Worker, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TagAttemptResult? Partial = null) : IWithJobId;

public static class TagEntityIds
{
    public static string For(string jobId, int entryIndex, int tagIndex) => $"{jobId}.{entryIndex}.{tagIndex}";
}
