using System.Globalization;
using System.Text;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Config;

/// <summary>The string operators of envsubst (bash parameter expansion subset).</summary>
internal static class EnvSubstFunctions
{
    public static string MapFirst(string value, bool upper)
    {
        if (value.Length == 0)
        {
            return value;
        }

        var first = Rune.GetRuneAt(value, 0);
        var mapped = upper ? Rune.ToUpperInvariant(first) : Rune.ToLowerInvariant(first);
        return mapped.ToString() + value[first.Utf16SequenceLength..];
    }

    /// <summary><c>${X:offset}</c> / <c>${X:offset:length}</c> over characters; negative offset counts from the end,
    /// negative length stops that many characters before the end.</summary>
    public static string Substring(string name, string value, string offsetText, string? lengthText)
    {
        var runes = value.EnumerateRunes().ToArray();
        var n = runes.Length;
        var offset = ParseNumber(name, offsetText);
        var start = offset < 0 ? Math.Max(0, n + offset) : Math.Min(offset, n);
        var end = n;
        if (lengthText is not null)
        {
            var length = ParseNumber(name, lengthText);
            end = length < 0 ? n + length : (int)Math.Min((long)start + length, n);
        }

        if (end <= start)
        {
            return "";
        }

        var sb = new StringBuilder();
        for (var i = start; i < end; i++)
        {
            sb.Append(runes[i].ToString());
        }

        return sb.ToString();
    }

    public static string TrimPrefix(string value, string pattern, bool longest)
    {
        for (var i = 0; i <= value.Length; i++)
        {
            var k = longest ? value.Length - i : i;
            if (Glob(pattern, value[..k]))
            {
                return value[k..];
            }
        }

        return value;
    }

    public static string TrimSuffix(string value, string pattern, bool longest)
    {
        for (var i = 0; i <= value.Length; i++)
        {
            var k = longest ? i : value.Length - i;
            if (Glob(pattern, value[k..]))
            {
                return value[..k];
            }
        }

        return value;
    }

    /// <summary>Literal replacement like the reference (<c>strings.Replace</c>): "/" first, "//" all,
    /// "/#" anchored at the start, "/%" anchored at the end.</summary>
    public static string Replace(string op, string value, string pattern, string replacement)
    {
        switch (op)
        {
            case "/#":
                return value.StartsWith(pattern, StringComparison.Ordinal) ? replacement + value[pattern.Length..] : value;
            case "/%":
                return value.EndsWith(pattern, StringComparison.Ordinal) ? value[..^pattern.Length] + replacement : value;
            case "/":
                var at = value.IndexOf(pattern, StringComparison.Ordinal);
                return at < 0 ? value : value[..at] + replacement + value[(at + pattern.Length)..];
            default:
                return pattern.Length == 0 ? InsertEverywhere(value, replacement) : value.Replace(pattern, replacement, StringComparison.Ordinal);
        }
    }

    // Go's strings.ReplaceAll with an empty old string inserts the replacement around every character.
    private static string InsertEverywhere(string value, string insert)
    {
        var sb = new StringBuilder(insert);
        foreach (var rune in value.EnumerateRunes())
        {
            sb.Append(rune.ToString()).Append(insert);
        }

        return sb.ToString();
    }

    private static int ParseNumber(string name, string text)
    {
        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        throw new EnvSubstError($"{name}: invalid substring offset or length {GoQuote.Quote(text)}");
    }

    // Shell pattern with '*' (any run) and '?' (any one character); everything else is literal.
    private static bool Glob(string pattern, string text)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]) && pattern[p] != '*')
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
