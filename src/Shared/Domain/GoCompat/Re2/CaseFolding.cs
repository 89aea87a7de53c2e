using System.Text;

namespace FluxMirror.Domain.GoCompat.Re2;

/// <summary>
/// Case-folding orbits (Go's unicode.SimpleFold cycles), derived from .NET's invariant simple case mappings.
/// RE2 folds case itself instead of trusting the engine, so (?i)k also matches KELVIN SIGN and (?i)s LONG S.
/// </summary>
internal static class CaseFolding
{
    // Go keeps dotted/dotless i out of the i/I orbit (their mappings are Turkic-specific, not case folding).
    private static readonly HashSet<int> Excluded = [0x0130, 0x0131];

    // .NET's invariant casing has no mapping for LATIN SMALL LETTER LONG S, but case folding puts it with s/S.
    private static readonly (int A, int B)[] ExtraLinks = [(0x017F, 's')];

    private static readonly Lazy<FoldTable> Table = new(Build);

    /// <summary>Returns the set plus the orbit of every member that has one.</summary>
    public static RuneSet Close(RuneSet set)
    {
        var table = Table.Value;
        var added = new List<(int Lo, int Hi)>(set.Ranges);
        foreach (var (lo, hi) in set.Ranges)
        {
            int index = LowerBound(table.Foldable, lo);
            for (; index < table.Foldable.Length && table.Foldable[index] <= hi; index++)
            {
                foreach (int member in table.Orbits[table.Foldable[index]])
                {
                    added.Add((member, member));
                }
            }
        }
        return RuneSet.Of(added);
    }

    private static int LowerBound(int[] sorted, int value)
    {
        int index = Array.BinarySearch(sorted, value);
        return index >= 0 ? index : ~index;
    }

    private static FoldTable Build()
    {
        var parent = new Dictionary<int, int>();
        for (int cp = 0; cp <= RuneSet.MaxRune; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF || Excluded.Contains(cp))
            {
                continue;
            }
            var rune = new Rune(cp);
            Link(parent, cp, Rune.ToUpperInvariant(rune).Value);
            Link(parent, cp, Rune.ToLowerInvariant(rune).Value);
        }
        foreach (var (a, b) in ExtraLinks)
        {
            Link(parent, a, b);
        }

        var orbits = new Dictionary<int, int[]>();
        foreach (var group in parent.Keys.GroupBy(cp => Find(parent, cp)))
        {
            int[] members = [.. group.Order()];
            foreach (int member in members)
            {
                orbits[member] = members;
            }
        }
        return new FoldTable([.. orbits.Keys.Order()], orbits);
    }

    private static void Link(Dictionary<int, int> parent, int a, int b)
    {
        if (a == b || Excluded.Contains(b))
        {
            return;
        }
        int rootA = Find(parent, a), rootB = Find(parent, b);
        if (rootA != rootB)
        {
            parent[rootA] = rootB;
        }
    }

    private static int Find(Dictionary<int, int> parent, int x)
    {
        if (!parent.TryGetValue(x, out int p))
        {
            parent[x] = x;
            return x;
        }
        while (p != x)
        {
            int grand = parent[p];
            parent[x] = grand;
            x = p;
            p = grand;
        }
        return x;
    }

    private sealed record FoldTable(int[] Foldable, Dictionary<int, int[]> Orbits);
}
