using FluxMirror.Domain.Reporting;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Mirroring;

/// <summary>The outcome of one successful attempt of a tag copy.</summary>
public sealed record TagAttemptResult(TagStatus Status, string? Digest, string? Reason = null, long BytesUploaded = 0)
{
    public TagResult ToRow(string tag) => new(tag, Status, Digest, Reason);
}
