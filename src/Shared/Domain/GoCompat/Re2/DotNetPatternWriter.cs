using System.Globalization;
using System.Text;

namespace FluxMirror.Domain.GoCompat.Re2;

/// <summary>
/// Writes an RE2 tree as a .NET pattern with identical meaning under NonBacktracking: every class is spelled out
/// as explicit code-point ranges (astral ones as surrogate pairs, so '.' still eats one whole rune), anchors are
/// explicit (\A, \z, (?m:^), (?m:$)), and each Go group becomes a named .NET group so numbering stays Go's.
/// </summary>
internal static class DotNetPatternWriter
{
    private const int MaxBmp = 0xFFFF;
    private const string NeverMatches = @"[^\u0000-\uFFFF]";

    public static string Write(Re2Node root)
    {
        var sb = new StringBuilder();
        Append(sb, root);
        return sb.ToString();
    }

    /// <summary>.NET group name for a Go group: "c3" for unnamed, "n3_name" for named (Go names may repeat).</summary>
    public static string GroupName(int index, string? name) =>
        name is null ? $"c{index}" : $"n{index}_{name}";

    /// <summary>Recovers the Go group name from a .NET group name written by <see cref="GroupName"/>.</summary>
    public static string? GoName(string dotNetName) =>
        dotNetName.StartsWith('n') && dotNetName.IndexOf('_') is var underscore and > 0 ? dotNetName[(underscore + 1)..] : null;

    private static void Append(StringBuilder sb, Re2Node node)
    {
        switch (node)
        {
            case LiteralNode literal:
                AppendClass(sb, RuneSet.Single(literal.Rune));
                break;
            case ClassNode cls:
                AppendClass(sb, cls.Set);
                break;
            case AssertionNode assertion:
                sb.Append(assertion.Kind switch
                {
                    AssertionKind.BeginText => @"\A",
                    AssertionKind.EndText => @"\z",
                    AssertionKind.BeginLine => "(?m:^)",
                    AssertionKind.EndLine => "(?m:$)",
                    AssertionKind.WordBoundary => @"\b",
                    _ => @"\B",
                });
                break;
            case EmptyNode:
                sb.Append("(?:)");
                break;
            case CaptureNode capture:
                sb.Append("(?<").Append(GroupName(capture.Index, capture.Name)).Append('>');
                Append(sb, capture.Body);
                sb.Append(')');
                break;
            case ConcatNode concat:
                foreach (var item in concat.Items)
                {
                    Append(sb, item);
                }
                break;
            case AlternateNode alternate:
                sb.Append("(?:");
                for (int i = 0; i < alternate.Branches.Count; i++)
                {
                    sb.Append(i == 0 ? "" : "|");
                    Append(sb, alternate.Branches[i]);
                }
                sb.Append(')');
                break;
            case RepeatNode repeat:
                AppendRepeat(sb, repeat);
                break;
        }
    }

    private static void AppendRepeat(StringBuilder sb, RepeatNode repeat)
    {
        bool single = repeat.Body is CaptureNode || IsSingleUnit(repeat.Body);
        sb.Append(single ? "" : "(?:");
        Append(sb, repeat.Body);
        sb.Append(single ? "" : ")");
        sb.Append((repeat.Counted, repeat.Min, repeat.Max) switch
        {
            (false, 0, -1) => "*",
            (false, 1, -1) => "+",
            (false, _, _) => "?",
            (true, var min, -1) => $"{{{min},}}",
            (true, var min, var max) when min == max => $"{{{min}}}",
            (true, var min, var max) => $"{{{min},{max}}}",
        });
        sb.Append(repeat.Greedy ? "" : "?");
    }

    // True when the node is written as one BMP bracket expression, which a quantifier can follow directly
    // (an astral rune is two UTF-16 units and needs a group).
    private static bool IsSingleUnit(Re2Node node)
    {
        var set = node switch
        {
            LiteralNode literal => RuneSet.Single(literal.Rune),
            ClassNode cls => cls.Set,
            _ => null,
        };
        return set is not null && set.Clip(MaxBmp + 1, RuneSet.MaxRune).IsEmpty;
    }

    private static void AppendClass(StringBuilder sb, RuneSet set)
    {
        var parts = Split(set);
        if (parts.Count == 1)
        {
            sb.Append(parts[0]);
            return;
        }
        sb.Append("(?:").AppendJoin('|', parts).Append(')');
    }

    // Bracket for the BMP part (never surrogates: those only appear as pairs), plus one alternative per astral run.
    private static List<string> Split(RuneSet set)
    {
        var parts = new List<string>();
        var bmp = RuneSet.Of(set.Clip(0, 0xD7FF).Ranges.Concat(set.Clip(0xE000, MaxBmp).Ranges));
        if (!bmp.IsEmpty)
        {
            parts.Add(Bracket(bmp.Ranges));
        }
        parts.AddRange(SurrogatePairs(set.Clip(MaxBmp + 1, RuneSet.MaxRune)));
        if (parts.Count == 0)
        {
            parts.Add(NeverMatches);
        }
        return parts;
    }

    // Astral code points as "high surrogate, then low surrogate" alternatives. High surrogates that allow the
    // same low surrogates share one alternative, which keeps big classes such as \pL small for the engine.
    private static IEnumerable<string> SurrogatePairs(RuneSet astral)
    {
        var lowsByHigh = new SortedDictionary<int, List<(int Lo, int Hi)>>();
        foreach (var (lo, hi) in astral.Ranges)
        {
            for (int high = ToSurrogates(lo).High; high <= ToSurrogates(hi).High; high++)
            {
                int first = Math.Max(lo, FromSurrogates(high, 0xDC00)), last = Math.Min(hi, FromSurrogates(high, 0xDFFF));
                if (!lowsByHigh.TryGetValue(high, out var lows))
                {
                    lowsByHigh[high] = lows = [];
                }
                lows.Add((ToSurrogates(first).Low, ToSurrogates(last).Low));
            }
        }
        return lowsByHigh
            .GroupBy(pair => Bracket(pair.Value), pair => pair.Key)
            .Select(group => Bracket(RuneSet.Of(group.Select(h => (h, h))).Ranges) + group.Key);
    }

    private static string Bracket(IEnumerable<(int Lo, int Hi)> ranges)
    {
        var bracket = new StringBuilder("[");
        foreach (var (lo, hi) in ranges)
        {
            bracket.Append(Escape(lo));
            if (hi > lo)
            {
                bracket.Append('-').Append(Escape(hi));
            }
        }
        return bracket.Append(']').ToString();
    }

    private static int FromSurrogates(int high, int low) => 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);

    private static (int High, int Low) ToSurrogates(int rune)
    {
        int offset = rune - 0x10000;
        return (0xD800 + (offset >> 10), 0xDC00 + (offset & 0x3FF));
    }

    private static string Escape(int c) =>
        c < 0x80 && Re2Lexer.IsAsciiAlnum(c) ? ((char)c).ToString() : @"\u" + c.ToString("X4", CultureInfo.InvariantCulture);
}
