namespace FluxMirror.Domain.GoCompat;

/// <summary>
/// Orders strings the way Go compares them: by their UTF-8 bytes, i.e. by code point. Plain UTF-16 ordinal
/// order differs only where surrogate pairs meet characters U+E000..U+FFFF.
/// </summary>
internal sealed class Utf8OrdinalComparer : IComparer<string>
{
    public static readonly Utf8OrdinalComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }
        int length = Math.Min(x.Length, y.Length);
        for (int i = 0; i < length; i++)
        {
            if (x[i] != y[i])
            {
                return Weight(x[i]).CompareTo(Weight(y[i]));
            }
        }
        return x.Length.CompareTo(y.Length);
    }

    // Moves surrogates above U+E000..U+FFFF so that astral characters sort after every BMP character.
    private static int Weight(char c) => c switch
    {
        >= '\uD800' and <= '\uDFFF' => c + 0x2000,
        >= '\uE000' => c - 0x800,
        _ => c,
    };
}
