namespace FluxMirror.Domain.GoCompat.Re2;

/// <summary>Go's parse flags that survive into the tree; Perl mode implies ClassNL, PerlX and UnicodeGroups.</summary>
[Flags]
internal enum Re2Flags
{
    None = 0,
    FoldCase = 1,
    DotNL = 2,
    OneLine = 4,
    NonGreedy = 8,
}

/// <summary>An open group while parsing: its alternatives so far and the flags to restore when it closes.</summary>
internal sealed class Re2GroupFrame(Re2Flags outerFlags, int captureIndex, string? name)
{
    public Re2Flags OuterFlags { get; } = outerFlags;

    public int CaptureIndex { get; } = captureIndex;

    public string? Name { get; } = name;

    public List<List<Re2Node>> Alternatives { get; } = [[]];

    public Re2Node Build()
    {
        var branches = Alternatives.Select(Concat).ToList();
        return branches.Count == 1 ? branches[0] : new AlternateNode(branches);
    }

    private static Re2Node Concat(List<Re2Node> items) => items.Count switch
    {
        0 => new EmptyNode(),
        1 => items[0],
        _ => new ConcatNode([.. items]),
    };
}
