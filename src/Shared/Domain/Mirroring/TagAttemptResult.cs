using System.Text.Json.Serialization;
using FluxMirror.Domain.Reporting;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Mirroring;

/// <summary>
/// The outcome of one attempt of a tag copy. A failed attempt may carry its partial result (digest and the referrer
/// rows up to the failed one), which the failed report row keeps.
/// </summary>
public sealed record TagAttemptResult(TagStatus Status, string? Digest, string? Reason = null, long BytesUploaded = 0, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ReferrerResult>? Referrers = null)
{
    public TagResult ToRow(string tag) => new(tag, Status, Digest, Reason, Referrers: Referrers);

    /// <summary>The failed row of a tag copy whose last attempt ended with <paramref name="error"/>.</summary>
    public static TagResult FailedRow(string tag, string error, TagAttemptResult? partial) =>
        new(tag, TagStatus.Failed, partial?.Digest, Error: error, Referrers: partial?.Referrers);
}
