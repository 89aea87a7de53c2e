namespace FluxMirror.Domain.Mirroring;

/// <summary>
/// One tag copy (the work for one tag or chart version of one entry): everything a worker needs, by reference
/// and digest only (never content), so the same record travels to a local child or a remote shard.
/// </summary>
/// <param name="Tag">Row id: the tag, or the chart version (with <c>+</c>).</param>
/// <param name="SourceDigest">Pinned at plan time when known (verification, referrers).</param>
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
    bool DryRun)
{
    public string SourceRef => $"{SourceRepository}:{Tag}";

    public string DestinationRef => $"{DestinationRepository}:{DestinationTag}";
}
