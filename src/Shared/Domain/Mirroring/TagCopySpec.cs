using System.Text.Json.Serialization;
using FluxMirror.Domain.Reporting;

namespace FluxMirror.Domain.Mirroring;

/// <summary>
/// One tag copy (the work for one tag or chart version of one entry): everything a worker needs, by reference
/// and digest only (never content), so the same record travels to a local child or a remote shard.
/// </summary>
/// <param name="Tag">Row id: the tag, or the chart version (with <c>+</c>).</param>
/// <param name="SourceDigest">Pinned at plan time when known (verification, referrers).</param>
/// <param name="Referrers">The referrers snapshotted at plan time (includeReferrers), copied after the tag in this
/// order; null when the entry does not include referrers (then no referrer rows are reported). Left out of the
/// wire form when null, so payloads without referrers are byte-identical to those of nodes that predate them.</param>
/// <param name="Verification">The signature verified at plan time (<c>verify</c>): the row reports it whatever the
/// copy's outcome. Decided where planning runs, so it travels with the plan, never through a worker.</param>
/// <param name="Decided">The row already decided at plan time (a signature too new, a failed verification): the
/// coordinator reports it as the tag's final row without running a copy, and a resumed job reports it again from
/// the journaled plan instead of verifying again. Both are left out of the wire form when null.</param>
public sealed record TagCopySpec(
    int EntryIndex,
    int TagIndex,
    EntryKind Kind,
    string Tag,
    string SourceRepository,
    string DestinationRepository,
    string DestinationTag,
    string? SourceDigest,
    bool Overwrite,
    bool DryRun,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ReferrerRef>? Referrers = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VerificationInfo? Verification = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TagResult? Decided = null)
{
    public string SourceRef => $"{SourceRepository}:{Tag}";

    public string DestinationRef => $"{DestinationRepository}:{DestinationTag}";
}
