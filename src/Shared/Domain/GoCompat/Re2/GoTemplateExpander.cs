using System.Text;
using System.Text.RegularExpressions;

namespace FluxMirror.Domain.GoCompat.Re2;

/// <summary>
/// Go's Regexp.ExpandString: "$$" is a dollar, "$name" takes
/// the longest run of letters, digits and '_', "${name}" is braced, a number refers to a group by index, a name that
/// is no group expands to nothing, and a malformed "$" is kept as literal text.
/// </summary>
internal static class GoTemplateExpander
{
    /// <summary>Expands over a .NET match of a regex built by <see cref="Re2Regex"/> (group names carry Go's names).</summary>
    public static string Expand(Match match, string template)
    {
        var names = Enumerable.Range(0, match.Groups.Count).Select(i => DotNetPatternWriter.GoName(match.Groups[i].Name) ?? "").ToList();
        return Expand(template, names, i => match.Groups[i].Success ? match.Groups[i].Value : null);
    }

    /// <summary>Expands with Go's group names (index 0 = whole match) and a lookup that returns null for unset groups.</summary>
    public static string Expand(string template, IReadOnlyList<string> names, Func<int, string?> group)
    {
        var sb = new StringBuilder();
        int i = 0;
        while (true)
        {
            int dollar = template.IndexOf('$', i);
            if (dollar < 0)
            {
                break;
            }
            sb.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }
            if (!TryExtract(template, i, out string name, out int number, out int rest))
            {
                sb.Append('$');
                continue;
            }
            i = rest;
            sb.Append(number >= 0 ? (number < names.Count ? group(number) : null) : ByName(names, group, name));
        }
        sb.Append(template, i, template.Length - i);
        return sb.ToString();
    }

    // Go returns the first group with that name that took part in the match.
    private static string? ByName(IReadOnlyList<string> names, Func<int, string?> group, string name)
    {
        for (int i = 1; i < names.Count; i++)
        {
            if (names[i] == name && group(i) is { } value)
            {
                return value;
            }
        }
        return null;
    }

    private static bool TryExtract(string s, int index, out string name, out int number, out int rest)
    {
        name = "";
        number = -1;
        rest = index;
        if (index >= s.Length)
        {
            return false;
        }
        bool brace = s[index] == '{';
        int start = brace ? index + 1 : index;
        int end = start;
        while (end < s.Length && Rune.DecodeFromUtf16(s.AsSpan(end), out var rune, out int length) == System.Buffers.OperationStatus.Done
               && (Rune.IsLetter(rune) || Rune.IsDigit(rune) || rune.Value == '_'))
        {
            end += length;
        }
        if (end == start)
        {
            return false;
        }
        name = s[start..end];
        if (brace)
        {
            if (end >= s.Length || s[end] != '}')
            {
                return false;
            }
            end++;
        }
        number = ParseGroupNumber(name);
        rest = end;
        return true;
    }

    // ASCII digits only, below 1e8, no leading zero; anything else is looked up as a name.
    private static int ParseGroupNumber(string name)
    {
        int number = 0;
        foreach (char c in name)
        {
            if (c is < '0' or > '9' || number >= 100_000_000)
            {
                return -1;
            }
            number = (number * 10) + (c - '0');
        }
        return name[0] == '0' && name.Length > 1 ? -1 : number;
    }
}
