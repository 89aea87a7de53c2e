using System.Text.Json.Serialization;

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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ReferrerRef>? Referrers = null)
{
    public string SourceRef => $"{SourceRepository}:{Tag}";

    public string DestinationRef => $"{DestinationRepository}:{DestinationTag}";
}
