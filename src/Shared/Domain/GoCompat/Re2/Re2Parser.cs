namespace FluxMirror.Domain.GoCompat.Re2;

/// <summary>
/// A left-to-right parser for Go's RE2 syntax (regexp.Compile, Perl flags). It reports the same first error,
/// with the same text, as Go's regexp/syntax, and produces a tree with flags already applied.
/// </summary>
internal sealed partial class Re2Parser
{
    private const int MaxRepeat = 1000;
    private const int MaxHeight = 1000;

    private readonly string pattern;
    private readonly List<Re2GroupFrame> frames = [new Re2GroupFrame(Re2Flags.OneLine, 0, null)];
    private Re2Flags flags = Re2Flags.OneLine;
    private int pos;
    private int captures;
    private int lastRepeatStart = -1;

    private Re2Parser(string pattern) => this.pattern = pattern;

    private List<Re2Node> Current => frames[^1].Alternatives[^1];

    public static Re2Node Parse(string pattern) => new Re2Parser(pattern).Run();

    private Re2Node Run()
    {
        while (pos < pattern.Length)
        {
            int repeatStart = -1;
            switch (pattern[pos])
            {
                case '(' when pos + 1 < pattern.Length && pattern[pos + 1] == '?':
                    ParsePerlFlags();
                    break;
                case '(':
                    frames.Add(new Re2GroupFrame(flags, ++captures, null));
                    pos++;
                    break;
                case '|':
                    frames[^1].Alternatives.Add([]);
                    pos++;
                    break;
                case ')':
                    CloseGroup();
                    pos++;
                    break;
                case '^':
                    Push(new AssertionNode(flags.HasFlag(Re2Flags.OneLine) ? AssertionKind.BeginText : AssertionKind.BeginLine));
                    pos++;
                    break;
                case '$':
                    Push(new AssertionNode(flags.HasFlag(Re2Flags.OneLine) ? AssertionKind.EndText : AssertionKind.EndLine));
                    pos++;
                    break;
                case '.':
                    Push(new ClassNode(flags.HasFlag(Re2Flags.DotNL) ? RuneSet.Range(0, RuneSet.MaxRune) : RuneSet.Single('\n').Negate()));
                    pos++;
                    break;
                case '[':
                    Push(new ClassNode(Re2ClassParser.ParseBracket(pattern, ref pos, FoldCase)));
                    break;
                case '*' or '+' or '?':
                    repeatStart = pos;
                    var (min, max) = pattern[pos] switch { '*' => (0, -1), '+' => (1, -1), _ => (0, 1) };
                    Repeat(min, max, counted: false, pos, pos + 1);
                    break;
                case '{':
                    repeatStart = ParseBrace();
                    break;
                case '\\':
                    ParseBackslash();
                    break;
                default:
                    PushLiteral(Re2Lexer.NextRune(pattern, ref pos));
                    break;
            }
            lastRepeatStart = repeatStart;
        }

        if (frames.Count > 1)
        {
            throw new Re2SyntaxException(Re2ErrorCode.MissingParen, pattern);
        }
        var root = frames[0].Build();
        CheckHeight(root);
        return root;
    }

    private bool FoldCase => flags.HasFlag(Re2Flags.FoldCase);

    private void Push(Re2Node node) => Current.Add(node);

    private void PushLiteral(int rune) =>
        Push(FoldCase ? new ClassNode(RuneSet.Single(rune).FoldCase()) : new LiteralNode(rune));

    // {n}, {n,} or {n,m}; anything else makes '{' a literal. Returns where the operator started, or -1.
    private int ParseBrace()
    {
        int start = pos;
        if (!TryParseRepeatCount(out int min, out int max, out int after))
        {
            PushLiteral('{');
            pos++;
            return -1;
        }
        if (min < 0 || min > MaxRepeat || max > MaxRepeat || (max >= 0 && min > max))
        {
            throw new Re2SyntaxException(Re2ErrorCode.InvalidRepeatSize, pattern[start..after]);
        }
        Repeat(min, max, counted: true, start, after);
        return start;
    }

    private void Repeat(int min, int max, bool counted, int opStart, int after)
    {
        bool nonGreedy = flags.HasFlag(Re2Flags.NonGreedy);
        if (after < pattern.Length && pattern[after] == '?')
        {
            after++;
            nonGreedy = !nonGreedy;
        }
        if (lastRepeatStart >= 0)
        {
            // a** or a++: stacked repetition operators (incl. possessive quantifiers) are not RE2.
            throw new Re2SyntaxException(Re2ErrorCode.InvalidRepeatOp, pattern[lastRepeatStart..after]);
        }
        var current = Current;
        if (current.Count == 0)
        {
            throw new Re2SyntaxException(Re2ErrorCode.MissingRepeatArgument, pattern[opStart..after]);
        }
        var node = new RepeatNode(current[^1], min, max, !nonGreedy, counted);
        current[^1] = node;
        CheckHeight(node);
        if (counted && (min >= 2 || max >= 2) && !RepeatIsValid(node, MaxRepeat))
        {
            throw new Re2SyntaxException(Re2ErrorCode.InvalidRepeatSize, pattern[opStart..after]);
        }
        pos = after;
    }

    // RE2 caps the product of nested counted repetitions at 1000, e.g. (a{100}){20} is rejected.
    private static bool RepeatIsValid(Re2Node node, int budget)
    {
        if (node is RepeatNode { Counted: true } repeat)
        {
            int m = repeat.Max;
            if (m == 0)
            {
                return true;
            }
            if (m < 0)
            {
                m = repeat.Min;
            }
            if (m > budget)
            {
                return false;
            }
            if (m > 0)
            {
                budget /= m;
            }
        }
        return node.Children.All(child => RepeatIsValid(child, budget));
    }

    private bool TryParseRepeatCount(out int min, out int max, out int after)
    {
        max = 0;
        after = pos + 1;
        if (!TryParseInt(ref after, out min) || after >= pattern.Length)
        {
            return false;
        }
        if (pattern[after] != ',')
        {
            max = min;
        }
        else
        {
            after++;
            if (after >= pattern.Length)
            {
                return false;
            }
            if (pattern[after] == '}')
            {
                max = -1;
            }
            else if (!TryParseInt(ref after, out max))
            {
                return false;
            }
            else if (max < 0)
            {
                min = -1;
            }
        }
        if (after >= pattern.Length || pattern[after] != '}')
        {
            return false;
        }
        after++;
        return true;
    }

    // Decimal without leading zeros; values of 1e8 and more come back as -1 ("too big").
    private bool TryParseInt(ref int index, out int value)
    {
        value = 0;
        if (index >= pattern.Length || !char.IsAsciiDigit(pattern[index]) ||
            (pattern[index] == '0' && index + 1 < pattern.Length && char.IsAsciiDigit(pattern[index + 1])))
        {
            return false;
        }
        for (; index < pattern.Length && char.IsAsciiDigit(pattern[index]); index++)
        {
            if (value >= 100_000_000)
            {
                value = -1;
            }
            if (value >= 0)
            {
                value = (value * 10) + (pattern[index] - '0');
            }
        }
        return true;
    }
}
