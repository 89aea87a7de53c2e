namespace FluxMirror.Domain.Mirroring;

public enum EntryKind
{
    Artifact,
    Chart,
}

/// <summary>A config entry as the report and the text output name it.</summary>
/// <param name="Label">Report <c>source</c> and the text-line prefix: the artifact repository, or <c>&lt;chart repo&gt;/&lt;name&gt;</c>.</param>
/// <param name="Destination">Report <c>destination</c>: the destination repository.</param>
public sealed record EntryRef(int Index, EntryKind Kind, string Label, string Destination);

/// <summary>
/// One tag to mirror: everything a worker needs, by reference and digest only (never content),
/// so the same record travels to a local child or a remote shard.
/// </summary>
/// <param name="Tag">Row id: the tag, or the chart version (with <c>+</c>).</param>
/// <param name="SourceDigest">Pinned at plan time when known (verification, referrers).</param>
public sealed record TagJob(
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

/// <summary>What planning one entry produced: the jobs in plan order, or the plan error.</summary>
public sealed record EntryPlan(EntryRef Entry, IReadOnlyList<TagJob> Jobs, string? PlanError)
{
    public bool Failed => PlanError is not null;
}
