namespace FluxMirror.Domain.GoCompat.Re2;

/// <summary>
/// Go's NFA simulation (regexp/exec.go, leftmost-first): threads advance in lock-step over the input, each
/// (instruction, position) is visited once in priority order, so the time is linear in the input length and the
/// result — including capture positions — is the one Go's FindStringSubmatchIndex returns.
/// </summary>
internal sealed class Re2Machine
{
    private readonly Re2Program program;
    private readonly ThreadQueue runQueue;
    private readonly ThreadQueue nextQueue;
    private readonly Stack<int[]> spareCaps = new();
    private int[] matchCaps = [];
    private bool matched;

    public Re2Machine(Re2Program program)
    {
        this.program = program;
        runQueue = new ThreadQueue(program.Instructions.Count);
        nextQueue = new ThreadQueue(program.Instructions.Count);
    }

    /// <summary>
    /// Searches from UTF-16 offset start (assertions still see the text before it) and returns start/end offsets
    /// per capture slot (-1 when unset), or null without a match.
    /// </summary>
    public int[]? Match(string input, int start = 0)
    {
        matched = false;
        matchCaps = Enumerable.Repeat(-1, program.SlotCount).ToArray();
        var run = runQueue;
        var next = nextQueue;
        run.Clear();
        next.Clear();

        int pos = start;
        var (rune, width) = Step(input, pos);
        var (rune1, _) = rune < 0 ? (-1, 0) : Step(input, pos + width);
        var flag = Context(pos == 0 ? -1 : RuneBefore(input, pos), rune);
        while (true)
        {
            if (run.Count == 0 && matched)
            {
                break;
            }
            if (!matched)
            {
                var caps = Enumerable.Repeat(-1, program.SlotCount).ToArray();
                caps[0] = pos;
                Add(run, program.Start, pos, caps, flag);
            }
            flag = Context(rune, rune1);
            StepThreads(run, next, pos, pos + width, rune, flag);
            if (width == 0)
            {
                break;
            }
            pos += width;
            (rune, width) = (rune1, rune1 < 0 ? 0 : Step(input, pos).Width);
            if (rune >= 0)
            {
                rune1 = Step(input, pos + width).Rune;
            }
            (run, next) = (next, run);
        }
        next.Clear();
        return matched ? matchCaps : null;
    }

    private void StepThreads(ThreadQueue run, ThreadQueue next, int pos, int nextPos, int rune, Re2Empty nextFlag)
    {
        for (int j = 0; j < run.Count; j++)
        {
            var (pc, caps) = run.Entry(j);
            if (caps is null)
            {
                continue;
            }
            var inst = program.Instructions[pc];
            if (inst.Op == Re2Op.Match)
            {
                caps[1] = pos;
                matchCaps = caps;
                matched = true;
                // Leftmost-first: every lower-priority thread is cut off.
                break;
            }
            if (rune >= 0 && inst.Runes!.Contains(rune))
            {
                Add(next, inst.Out, nextPos, caps, nextFlag);
            }
            spareCaps.Push(caps);
        }
        run.Clear();
    }

    private void Add(ThreadQueue queue, int pc, int pos, int[] caps, Re2Empty flag)
    {
        while (pc != 0 && !queue.Contains(pc))
        {
            int entry = queue.Push(pc);
            var inst = program.Instructions[pc];
            switch (inst.Op)
            {
                case Re2Op.Alt:
                    Add(queue, inst.Out, pos, caps, flag);
                    pc = inst.Arg;
                    continue;
                case Re2Op.EmptyWidth:
                    if ((inst.Empty & ~flag) != 0)
                    {
                        return;
                    }
                    pc = inst.Out;
                    continue;
                case Re2Op.Nop:
                    pc = inst.Out;
                    continue;
                case Re2Op.Capture:
                    int old = caps[inst.Arg];
                    caps[inst.Arg] = pos;
                    Add(queue, inst.Out, pos, caps, flag);
                    caps[inst.Arg] = old;
                    return;
                case Re2Op.Match or Re2Op.Rune:
                    var copy = spareCaps.Count > 0 ? spareCaps.Pop() : new int[caps.Length];
                    caps.CopyTo(copy, 0);
                    queue.SetCaps(entry, copy);
                    return;
                default:
                    return;
            }
        }
    }

    private static (int Rune, int Width) Step(string s, int pos)
    {
        if (pos >= s.Length)
        {
            return (-1, 0);
        }
        char c = s[pos];
        if (char.IsHighSurrogate(c) && pos + 1 < s.Length && char.IsLowSurrogate(s[pos + 1]))
        {
            return (char.ConvertToUtf32(c, s[pos + 1]), 2);
        }
        // A lone surrogate is what Go sees as an invalid UTF-8 byte: U+FFFD.
        return (char.IsSurrogate(c) ? 0xFFFD : c, 1);
    }

    private static int RuneBefore(string s, int pos) =>
        pos >= 2 && char.IsLowSurrogate(s[pos - 1]) && char.IsHighSurrogate(s[pos - 2])
            ? char.ConvertToUtf32(s[pos - 2], s[pos - 1])
            : (char.IsSurrogate(s[pos - 1]) ? 0xFFFD : s[pos - 1]);

    private static bool IsWordChar(int r) => r is >= '0' and <= '9' or >= 'A' and <= 'Z' or >= 'a' and <= 'z' or '_';

    // Go's EmptyOpContext: which zero-width assertions hold between rune r1 and rune r2 (-1 = text edge).
    private static Re2Empty Context(int r1, int r2)
    {
        var op = Re2Empty.NoWordBoundary;
        bool boundary = false;
        if (IsWordChar(r1))
        {
            boundary = true;
        }
        else if (r1 == '\n')
        {
            op |= Re2Empty.BeginLine;
        }
        else if (r1 < 0)
        {
            op |= Re2Empty.BeginText | Re2Empty.BeginLine;
        }
        if (IsWordChar(r2))
        {
            boundary = !boundary;
        }
        else if (r2 == '\n')
        {
            op |= Re2Empty.EndLine;
        }
        else if (r2 < 0)
        {
            op |= Re2Empty.EndText | Re2Empty.EndLine;
        }
        if (boundary)
        {
            op ^= Re2Empty.WordBoundary | Re2Empty.NoWordBoundary;
        }
        return op;
    }

    /// <summary>Go's sparse set of threads: insertion order is priority order.</summary>
    private sealed class ThreadQueue(int size)
    {
        private readonly int[] sparse = new int[size];
        private readonly int[] densePc = new int[size];
        private readonly int[]?[] denseCaps = new int[size][];

        public int Count { get; private set; }

        public bool Contains(int pc) => sparse[pc] < Count && densePc[sparse[pc]] == pc;

        public int Push(int pc)
        {
            sparse[pc] = Count;
            densePc[Count] = pc;
            denseCaps[Count] = null;
            return Count++;
        }

        public void SetCaps(int entry, int[] caps) => denseCaps[entry] = caps;

        public (int Pc, int[]? Caps) Entry(int index) => (densePc[index], denseCaps[index]);

        public void Clear() => Count = 0;
    }
}
