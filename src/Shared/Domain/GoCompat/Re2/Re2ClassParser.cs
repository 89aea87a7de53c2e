namespace FluxMirror.Domain.GoCompat.Re2;

/// <summary>Parses RE2 bracket classes ([a-z[:digit:]\pL]) and Unicode escapes (\pL, \p{Greek}, \P{^Han}).</summary>
internal static class Re2ClassParser
{
    public static bool StartsUnicodeClass(string s, int index) =>
        index + 1 < s.Length && s[index] == '\\' && s[index + 1] is 'p' or 'P';

    public static bool StartsPerlClass(string s, int index) =>
        index + 1 < s.Length && s[index] == '\\' && Re2CharGroups.TryGetPerl(s[index + 1], out _, out _);

    public static RuneSet ParsePerlClass(string s, ref int index, bool foldCase)
    {
        Re2CharGroups.TryGetPerl(s[index + 1], out var set, out bool negated);
        index += 2;
        return Re2CharGroups.Resolve(set, negated, foldCase);
    }

    /// <summary>Parses \pX or \p{Name} at index (a backslash followed by p or P).</summary>
    public static RuneSet ParseUnicodeClass(string s, ref int index, bool foldCase)
    {
        int start = index;
        bool negated = s[start + 1] == 'P';
        int t = start + 2;
        string sequence, name;
        if (t < s.Length && s[t] == '{')
        {
            int end = s.IndexOf('}', start);
            if (end < 0)
            {
                Re2Lexer.CheckUtf8(s, start, s.Length);
                throw new Re2SyntaxException(Re2ErrorCode.InvalidCharRange, s[start..]);
            }
            sequence = s[start..(end + 1)];
            name = s[(start + 3)..end];
            Re2Lexer.CheckUtf8(name, 0, name.Length);
            t = end + 1;
        }
        else
        {
            if (t < s.Length)
            {
                Re2Lexer.NextRune(s, ref t);
            }
            sequence = s[start..t];
            name = s[(start + 2)..t];
        }

        if (name.StartsWith('^'))
        {
            negated = !negated;
            name = name[1..];
        }
        if (!UnicodeClassTable.TryGet(name, out var set))
        {
            throw new Re2SyntaxException(Re2ErrorCode.InvalidCharRange, sequence);
        }
        index = t;
        return Re2CharGroups.Resolve(set, negated, foldCase);
    }

    /// <summary>Parses a bracket class starting at the '[' at index.</summary>
    public static RuneSet ParseBracket(string s, ref int index, bool foldCase)
    {
        int classStart = index;
        int t = index + 1;
        bool negated = false;
        if (t < s.Length && s[t] == '^')
        {
            negated = true;
            t++;
        }

        var pieces = new List<RuneSet>();
        bool first = true; // ']' right after '[' or '[^' is a literal
        while (t >= s.Length || s[t] != ']' || first)
        {
            first = false;
            if (s.Length - t > 2 && s[t] == '[' && s[t + 1] == ':' && TryParsePosix(s, ref t, foldCase, out var posix))
            {
                pieces.Add(posix);
                continue;
            }
            if (StartsUnicodeClass(s, t))
            {
                pieces.Add(ParseUnicodeClass(s, ref t, foldCase));
                continue;
            }
            if (StartsPerlClass(s, t))
            {
                pieces.Add(ParsePerlClass(s, ref t, foldCase));
                continue;
            }

            int rangeStart = t;
            int lo = ParseClassChar(s, ref t, classStart);
            int hi = lo;
            // "a-]" means 'a' or '-', so a dash only starts a range when something other than ']' follows.
            if (s.Length - t >= 2 && s[t] == '-' && s[t + 1] != ']')
            {
                t++;
                hi = ParseClassChar(s, ref t, classStart);
                if (hi < lo)
                {
                    throw new Re2SyntaxException(Re2ErrorCode.InvalidCharRange, s[rangeStart..t]);
                }
            }
            var range = RuneSet.Range(lo, hi);
            pieces.Add(foldCase ? range.FoldCase() : range);
        }
        index = t + 1;
        var set = RuneSet.Of(pieces.SelectMany(p => p.Ranges));
        return negated ? set.Negate() : set;
    }

    private static bool TryParsePosix(string s, ref int t, bool foldCase, out RuneSet set)
    {
        set = RuneSet.Empty;
        int close = s.IndexOf(":]", t + 2, StringComparison.Ordinal);
        if (close < 0)
        {
            return false;
        }
        string name = s[t..(close + 2)];
        if (!Re2CharGroups.TryGetPosix(name, out var group, out bool negated))
        {
            throw new Re2SyntaxException(Re2ErrorCode.InvalidCharRange, name);
        }
        set = Re2CharGroups.Resolve(group, negated, foldCase);
        t = close + 2;
        return true;
    }

    private static int ParseClassChar(string s, ref int t, int classStart)
    {
        if (t >= s.Length)
        {
            throw new Re2SyntaxException(Re2ErrorCode.MissingBracket, s[classStart..]);
        }
        return s[t] == '\\' ? Re2Lexer.ParseEscape(s, ref t) : Re2Lexer.NextRune(s, ref t);
    }
}
