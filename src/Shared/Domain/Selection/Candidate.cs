namespace FluxMirror.Domain.Selection;

/// <summary>A tag still in the running (kept in registry listing order) and its comparison key.</summary>
internal sealed record Candidate(string Tag, string Key)
{
    public LenientVersion? Version { get; init; }
}
