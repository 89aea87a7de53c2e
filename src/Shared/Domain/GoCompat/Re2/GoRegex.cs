using System.Diagnostics.CodeAnalysis;

namespace FluxMirror.Domain.GoCompat.Re2;

/// <summary>
/// A Go regexp with Go's exact matching behaviour, for callers that need match positions or captures (the tag
/// selector's extract). It runs Go's own algorithm — leftmost-first NFA simulation, linear in the input — rather
/// than .NET's NonBacktracking engine, whose Match positions are wrong for some patterns (e.g. k?[aA] on "kxAa"
/// reports index 3 in .NET 10) and whose captures differ from Go's on empty loop iterations.
/// </summary>
public sealed class GoRegex
{
    private readonly Re2Program program;

    private GoRegex(string pattern, Re2Program program, IReadOnlyList<string> names)
    {
        Pattern = pattern;
        this.program = program;
        SubexpNames = names;
    }

    public string Pattern { get; }

    /// <summary>Go's SubexpNames: index 0 is the whole match, unnamed groups are "".</summary>
    public IReadOnlyList<string> SubexpNames { get; }

    public static bool TryCompile(string pattern, [NotNullWhen(true)] out GoRegex? regex, out string error)
    {
        regex = null;
        try
        {
            var tree = Re2Parser.Parse(pattern);
            regex = new GoRegex(pattern, Re2Program.Compile(tree), CaptureNames(tree));
            error = "";
            return true;
        }
        catch (Re2SyntaxException e)
        {
            error = e.Message;
            return false;
        }
    }

    public bool IsMatch(string input) => FindSubmatchIndex(input) is not null;

    /// <summary>Go's FindStringSubmatchIndex (unanchored) with UTF-16 offsets; -1 marks a group that did not take part.</summary>
    public int[]? FindSubmatchIndex(string input)
    {
        return new Re2Machine(program).Match(input) is { } slots ? Pad(slots) : null;
    }

    private int[] Pad(int[] slots)
    {
        var result = Enumerable.Repeat(-1, 2 * SubexpNames.Count).ToArray();
        Array.Copy(slots, result, Math.Min(slots.Length, result.Length));
        return result;
    }

    /// <summary>Go's FindAllStringSubmatchIndex(input, -1): successive non-overlapping matches.</summary>
    public IReadOnlyList<int[]> FindAllSubmatchIndex(string input)
    {
        var matches = new List<int[]>();
        var machine = new Re2Machine(program);
        int pos = 0, previousEnd = -1;
        while (pos <= input.Length && machine.Match(input, pos) is { } slots)
        {
            bool accept = true;
            if (slots[1] == pos)
            {
                // An empty match right after the previous match does not count; step over one rune.
                accept = slots[0] != previousEnd;
                pos += pos < input.Length && char.IsHighSurrogate(input[pos]) && pos + 1 < input.Length && char.IsLowSurrogate(input[pos + 1]) ? 2 : 1;
            }
            else
            {
                pos = slots[1];
            }
            previousEnd = slots[1];
            if (accept)
            {
                matches.Add(Pad(slots));
            }
        }
        return matches;
    }

    /// <summary>The text of group i of a match, or null when the group did not take part.</summary>
    public static string? Group(string input, int[] match, int i) =>
        match[2 * i] < 0 ? null : input[match[2 * i]..match[(2 * i) + 1]];

    /// <summary>Go's Regexp.ExpandString for a match of this regex on input.</summary>
    public string Expand(string template, string input, int[] match) =>
        GoTemplateExpander.Expand(template, SubexpNames, i => Group(input, match, i));

    private static IReadOnlyList<string> CaptureNames(Re2Node tree)
    {
        var names = new SortedDictionary<int, string> { [0] = "" };
        var pending = new Stack<Re2Node>([tree]);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node is CaptureNode capture)
            {
                names[capture.Index] = capture.Name ?? "";
            }
            foreach (var child in node.Children)
            {
                pending.Push(child);
            }
        }
        int count = names.Keys.Max() + 1;
        return [.. Enumerable.Range(0, count).Select(i => names.GetValueOrDefault(i, ""))];
    }
}
