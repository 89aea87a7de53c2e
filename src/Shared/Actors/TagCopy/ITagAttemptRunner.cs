using FluxMirror.Domain.Mirroring;

namespace FluxMirror.Actors.TagCopy;

/// <summary>Runs one attempt of a tag copy for a known job; the actor only schedules it.</summary>
public interface ITagAttemptRunner
{
    Task<TagAttemptResult> RunAsync(string jobId, TagCopySpec copy, CancellationToken ct);
}
