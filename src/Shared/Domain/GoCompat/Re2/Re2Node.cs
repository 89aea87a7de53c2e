namespace FluxMirror.Domain.GoCompat.Re2;

/// <summary>Parse tree of a Go RE2 pattern, already resolved to code-point sets (flags such as (?i) are applied).</summary>
internal abstract record Re2Node
{
    /// <summary>Tree height, used for Go's "expression nests too deeply" limit.</summary>
    public abstract int Height { get; }

    public virtual IEnumerable<Re2Node> Children => [];
}

internal sealed record LiteralNode(int Rune) : Re2Node
{
    public override int Height => 1;
}

internal sealed record ClassNode(RuneSet Set) : Re2Node
{
    public override int Height => 1;
}

internal enum AssertionKind
{
    BeginText,
    EndText,
    BeginLine,
    EndLine,
    WordBoundary,
    NoWordBoundary,
}

internal sealed record AssertionNode(AssertionKind Kind) : Re2Node
{
    public override int Height => 1;
}

internal sealed record EmptyNode : Re2Node
{
    public override int Height => 1;
}

/// <summary>A capturing group; Index is Go's group number, Name is null for unnamed groups.</summary>
internal sealed record CaptureNode(int Index, string? Name, Re2Node Body) : Re2Node
{
    public override int Height { get; } = Body.Height + 1;

    public override IEnumerable<Re2Node> Children => [Body];
}

internal sealed record ConcatNode(IReadOnlyList<Re2Node> Items) : Re2Node
{
    public override int Height { get; } = Items.Max(i => i.Height) + 1;

    public override IEnumerable<Re2Node> Children => Items;
}

internal sealed record AlternateNode(IReadOnlyList<Re2Node> Branches) : Re2Node
{
    public override int Height { get; } = Branches.Max(b => b.Height) + 1;

    public override IEnumerable<Re2Node> Children => Branches;
}

/// <summary>*, +, ? and {n,m}. Max is -1 for "unbounded"; Counted marks the {…} form (only it has RE2's 1000 limit).</summary>
internal sealed record RepeatNode(Re2Node Body, int Min, int Max, bool Greedy, bool Counted) : Re2Node
{
    public override int Height { get; } = Body.Height + 1;

    public override IEnumerable<Re2Node> Children => [Body];
}
