using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Mirroring.Blobs;

namespace FluxMirror.Actors.TagCopy;

/// <summary>Runs one attempt of a tag copy for a known job; the actor only schedules it.</summary>
public interface ITagAttemptRunner
{
    /// <param name="ledger">The job's blob ledger, as seen from this node.</param>
    Task<TagAttemptResult> RunAsync(string jobId, TagCopySpec copy, IBlobLedger ledger, CancellationToken ct);
}
