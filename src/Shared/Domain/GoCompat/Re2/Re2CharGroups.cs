namespace FluxMirror.Domain.GoCompat.Re2;

/// <summary>
/// RE2's ASCII-only Perl escapes (\d \s \w and negations) and POSIX bracket names ([:alpha:] …). .NET's own
/// \d, \w and \s are Unicode-aware, so these are always spelled out as explicit ranges.
/// </summary>
internal static class Re2CharGroups
{
    private static readonly RuneSet Digit = RuneSet.Range('0', '9');
    private static readonly RuneSet Word = RuneSet.Of([('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')]);
    private static readonly RuneSet PerlSpace = RuneSet.Of([('\t', '\n'), ('\f', '\r'), (' ', ' ')]);

    private static readonly Dictionary<string, RuneSet> Posix = new(StringComparer.Ordinal)
    {
        ["alnum"] = RuneSet.Of([('0', '9'), ('A', 'Z'), ('a', 'z')]),
        ["alpha"] = RuneSet.Of([('A', 'Z'), ('a', 'z')]),
        ["ascii"] = RuneSet.Range(0, 0x7F),
        ["blank"] = RuneSet.Of([('\t', '\t'), (' ', ' ')]),
        ["cntrl"] = RuneSet.Of([(0, 0x1F), (0x7F, 0x7F)]),
        ["digit"] = Digit,
        ["graph"] = RuneSet.Range('!', '~'),
        ["lower"] = RuneSet.Range('a', 'z'),
        ["print"] = RuneSet.Range(' ', '~'),
        ["punct"] = RuneSet.Of([('!', '/'), (':', '@'), ('[', '`'), ('{', '~')]),
        ["space"] = RuneSet.Of([('\t', '\r'), (' ', ' ')]),
        ["upper"] = RuneSet.Range('A', 'Z'),
        ["word"] = Word,
        ["xdigit"] = RuneSet.Of([('0', '9'), ('A', 'F'), ('a', 'f')]),
    };

    /// <summary>Looks up the letter after a backslash (d, D, s, S, w, W).</summary>
    public static bool TryGetPerl(char letter, out RuneSet set, out bool negated)
    {
        negated = char.IsUpper(letter);
        set = char.ToLowerInvariant(letter) switch
        {
            'd' => Digit,
            's' => PerlSpace,
            'w' => Word,
            _ => RuneSet.Empty,
        };
        return letter is 'd' or 'D' or 's' or 'S' or 'w' or 'W';
    }

    /// <summary>Looks up a whole bracket name such as "[:alpha:]" or "[:^alpha:]".</summary>
    public static bool TryGetPosix(string bracketName, out RuneSet set, out bool negated)
    {
        string inner = bracketName[2..^2];
        negated = inner.StartsWith('^');
        return Posix.TryGetValue(negated ? inner[1..] : inner, out set!);
    }

    /// <summary>Applies (?i) folding before negation, as Go's appendGroup does.</summary>
    public static RuneSet Resolve(RuneSet set, bool negated, bool foldCase)
    {
        var folded = foldCase ? set.FoldCase() : set;
        return negated ? folded.Negate() : folded;
    }
}
