namespace FluxMirror.Domain.GoCompat.Re2;

internal enum Re2Op : byte
{
    Fail,
    Alt,
    Nop,
    Capture,
    EmptyWidth,
    Rune,
    Match,
}

/// <summary>Zero-width conditions, as in Go's syntax.EmptyOp.</summary>
[Flags]
internal enum Re2Empty : byte
{
    None = 0,
    BeginLine = 1,
    EndLine = 2,
    BeginText = 4,
    EndText = 8,
    WordBoundary = 16,
    NoWordBoundary = 32,
}

/// <summary>One instruction; Alt prefers Out over Arg, Capture stores the position in slot Arg.</summary>
internal sealed class Re2Inst(Re2Op op)
{
    public Re2Op Op { get; } = op;

    public int Out { get; set; }

    public int Arg { get; set; }

    public Re2Empty Empty { get; init; }

    public RuneSet? Runes { get; init; }
}

/// <summary>
/// A compiled RE2 program, built exactly like Go's syntax.Compile (instruction 0 is Fail, Alt order encodes
/// leftmost-first priority, a nullable x* becomes (x+)? so empty iterations never win).
/// </summary>
internal sealed class Re2Program
{
    private readonly List<Re2Inst> insts = [new Re2Inst(Re2Op.Fail)];

    private Re2Program()
    {
    }

    public IReadOnlyList<Re2Inst> Instructions => insts;

    public int Start { get; private set; }

    /// <summary>Number of capture slots, 2 per group including group 0.</summary>
    public int SlotCount { get; private set; } = 2;

    public static Re2Program Compile(Re2Node root)
    {
        var program = new Re2Program();
        var fragment = program.Emit(Re2Simplifier.Simplify(root));
        program.Patch(fragment.Outs, program.Add(new Re2Inst(Re2Op.Match)));
        program.Start = fragment.Start;
        return program;
    }

    private Fragment Emit(Re2Node node)
    {
        switch (node)
        {
            case LiteralNode literal:
                return RuneInst(RuneSet.Single(literal.Rune));
            case ClassNode cls:
                return RuneInst(cls.Set);
            case AssertionNode assertion:
                return Single(new Re2Inst(Re2Op.EmptyWidth) { Empty = ToEmpty(assertion.Kind) }, nullable: true);
            case EmptyNode:
                return Single(new Re2Inst(Re2Op.Nop), nullable: true);
            case CaptureNode capture:
                SlotCount = Math.Max(SlotCount, (2 * capture.Index) + 2);
                var open = Single(new Re2Inst(Re2Op.Capture) { Arg = 2 * capture.Index }, nullable: true);
                var close = Single(new Re2Inst(Re2Op.Capture) { Arg = (2 * capture.Index) + 1 }, nullable: true);
                return Cat(Cat(open, Emit(capture.Body)), close);
            case ConcatNode concat:
                return concat.Items.Select(Emit).Aggregate(Cat);
            case AlternateNode alternate:
                return alternate.Branches.Select(Emit).Aggregate(Alt);
            case RepeatNode { Min: 0, Max: 1 } quest:
                return Quest(Emit(quest.Body), quest.Greedy);
            case RepeatNode { Min: 1 } plus:
                return Plus(Emit(plus.Body), plus.Greedy);
            case RepeatNode star:
                return Star(Emit(star.Body), star.Greedy);
            default:
                throw new InvalidOperationException("unexpected regexp node");
        }
    }

    private static Re2Empty ToEmpty(AssertionKind kind) => kind switch
    {
        AssertionKind.BeginText => Re2Empty.BeginText,
        AssertionKind.EndText => Re2Empty.EndText,
        AssertionKind.BeginLine => Re2Empty.BeginLine,
        AssertionKind.EndLine => Re2Empty.EndLine,
        AssertionKind.WordBoundary => Re2Empty.WordBoundary,
        _ => Re2Empty.NoWordBoundary,
    };

    private Fragment RuneInst(RuneSet set) => Single(new Re2Inst(Re2Op.Rune) { Runes = set }, nullable: false);

    private Fragment Single(Re2Inst inst, bool nullable)
    {
        int index = Add(inst);
        return new Fragment(index, [new Hole(index, false)], nullable);
    }

    private int Add(Re2Inst inst)
    {
        insts.Add(inst);
        return insts.Count - 1;
    }

    private void Patch(IEnumerable<Hole> holes, int target)
    {
        foreach (var hole in holes)
        {
            if (hole.IsArg)
            {
                insts[hole.Inst].Arg = target;
            }
            else
            {
                insts[hole.Inst].Out = target;
            }
        }
    }

    private Fragment Cat(Fragment first, Fragment second)
    {
        Patch(first.Outs, second.Start);
        return new Fragment(first.Start, second.Outs, first.Nullable && second.Nullable);
    }

    private Fragment Alt(Fragment first, Fragment second)
    {
        int index = Add(new Re2Inst(Re2Op.Alt) { Out = first.Start, Arg = second.Start });
        return new Fragment(index, [.. first.Outs, .. second.Outs], first.Nullable || second.Nullable);
    }

    private Fragment Quest(Fragment body, bool greedy)
    {
        var alt = new Re2Inst(Re2Op.Alt);
        int index = Add(alt);
        if (greedy)
        {
            alt.Out = body.Start;
            return new Fragment(index, [new Hole(index, true), .. body.Outs], true);
        }
        alt.Arg = body.Start;
        return new Fragment(index, [new Hole(index, false), .. body.Outs], true);
    }

    // The loop head of x+ and (non-nullable) x*: prefer another iteration when greedy.
    private Fragment Loop(Fragment body, bool greedy)
    {
        var alt = new Re2Inst(Re2Op.Alt);
        int index = Add(alt);
        Hole exit;
        if (greedy)
        {
            alt.Out = body.Start;
            exit = new Hole(index, true);
        }
        else
        {
            alt.Arg = body.Start;
            exit = new Hole(index, false);
        }
        Patch(body.Outs, index);
        return new Fragment(index, [exit], true);
    }

    private Fragment Plus(Fragment body, bool greedy) => new(body.Start, Loop(body, greedy).Outs, body.Nullable);

    // Go issue 46123: a nullable x* is compiled as (x+)? to keep the priority order right.
    private Fragment Star(Fragment body, bool greedy) =>
        body.Nullable ? Quest(Plus(body, greedy), greedy) : Loop(body, greedy);

    private readonly record struct Hole(int Inst, bool IsArg);

    private sealed record Fragment(int Start, IReadOnlyList<Hole> Outs, bool Nullable);
}
