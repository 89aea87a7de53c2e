using System.Text.Json.Serialization;

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

/// <summary>What planning one entry produced: its tag copies in plan order, or the plan error.</summary>
/// <param name="Copies">Journaled and sent as <c>jobs</c>, the name it had before the glossary said "tag copy".</param>
public sealed record EntryPlan(EntryRef Entry, [property: JsonPropertyName("jobs")] IReadOnlyList<TagCopySpec> Copies, string? PlanError)
{
    public bool Failed => PlanError is not null;
}
