namespace FluxMirror.Domain.GoCompat.Re2;

/// <summary>
/// A set of Unicode code points kept as sorted, disjoint, non-touching inclusive ranges: the way RE2 models a
/// character class. Working on code points (not UTF-16 units) keeps Go's semantics for negation and case folding.
/// </summary>
internal sealed class RuneSet
{
    public const int MaxRune = 0x10FFFF;

    public static readonly RuneSet Empty = new([]);

    private readonly (int Lo, int Hi)[] ranges;

    private RuneSet((int Lo, int Hi)[] normalized) => ranges = normalized;

    public IReadOnlyList<(int Lo, int Hi)> Ranges => ranges;

    public bool IsEmpty => ranges.Length == 0;

    public static RuneSet Of(IEnumerable<(int Lo, int Hi)> pieces)
    {
        var sorted = pieces.Where(r => r.Lo <= r.Hi).OrderBy(r => r.Lo).ThenByDescending(r => r.Hi).ToList();
        var merged = new List<(int Lo, int Hi)>(sorted.Count);
        foreach (var (lo, hi) in sorted)
        {
            if (merged.Count > 0 && lo <= merged[^1].Hi + 1)
            {
                if (hi > merged[^1].Hi)
                {
                    merged[^1] = (merged[^1].Lo, hi);
                }
                continue;
            }
            merged.Add((lo, hi));
        }
        return new RuneSet([.. merged]);
    }

    public static RuneSet Single(int rune) => new([(rune, rune)]);

    public static RuneSet Range(int lo, int hi) => Of([(lo, hi)]);

    public RuneSet Union(RuneSet other) => Of(ranges.Concat(other.ranges));

    public RuneSet Negate()
    {
        var result = new List<(int Lo, int Hi)>(ranges.Length + 1);
        int nextLo = 0;
        foreach (var (lo, hi) in ranges)
        {
            if (nextLo <= lo - 1)
            {
                result.Add((nextLo, lo - 1));
            }
            nextLo = hi + 1;
        }
        if (nextLo <= MaxRune)
        {
            result.Add((nextLo, MaxRune));
        }
        return new RuneSet([.. result]);
    }

    public RuneSet Clip(int lo, int hi)
    {
        var result = new List<(int Lo, int Hi)>();
        foreach (var range in ranges)
        {
            int a = Math.Max(lo, range.Lo), b = Math.Min(hi, range.Hi);
            if (a <= b)
            {
                result.Add((a, b));
            }
        }
        return new RuneSet([.. result]);
    }

    public bool Contains(int rune)
    {
        int low = 0, high = ranges.Length - 1;
        while (low <= high)
        {
            int mid = (low + high) >>> 1;
            if (rune < ranges[mid].Lo)
            {
                high = mid - 1;
            }
            else if (rune > ranges[mid].Hi)
            {
                low = mid + 1;
            }
            else
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Adds every code point that simple-case-folds to a member, like Go's (?i) class handling.</summary>
    public RuneSet FoldCase() => CaseFolding.Close(this);
}
