using System.Collections.Concurrent;
using System.Globalization;

namespace FluxMirror.Domain.GoCompat.Re2;

/// <summary>
/// Resolves the name inside RE2's \p{…}: general categories (from .NET's Unicode data), scripts (embedded table),
/// the specials Any / Assigned / ASCII / LC, and Unicode long category aliases. Names are matched like Go 1.25+:
/// case-insensitively, ignoring '_', '-' and ' '.
/// </summary>
internal static class UnicodeClassTable
{
    private static readonly Dictionary<string, UnicodeCategory[]> Categories = BuildCategoryMap();
    private static readonly Dictionary<string, string> Aliases = BuildAliasMap();
    private static readonly Lazy<Dictionary<string, string>> ScriptRanges = new(ParseScripts);
    private static readonly Lazy<byte[]> CategoryOfRune = new(BuildCategoryIndex);
    private static readonly ConcurrentDictionary<string, RuneSet?> Cache = new(StringComparer.Ordinal);

    public static bool TryGet(string name, out RuneSet set)
    {
        var found = Cache.GetOrAdd(CanonicalName(name), Resolve);
        set = found ?? RuneSet.Empty;
        return found is not null;
    }

    private static RuneSet? Resolve(string key)
    {
        switch (key)
        {
            case "Any":
                return RuneSet.Range(0, RuneSet.MaxRune);
            case "Assigned":
                return FromCategories([UnicodeCategory.OtherNotAssigned]).Negate();
            case "Ascii":
                return RuneSet.Range(0, 0x7F);
            case "Lc":
                return FromCategories(Categories["LC"]);
        }
        if (Categories.TryGetValue(key, out var categories))
        {
            return FromCategories(categories);
        }
        if (ScriptRanges.Value.TryGetValue(key, out string? ranges))
        {
            return ParseRanges(ranges);
        }
        return Aliases.TryGetValue(key, out string? category) ? FromCategories(Categories[category]) : null;
    }

    /// <summary>Go's canonicalName: drop '_', '-', ' '; upper-case the first letter, lower-case the rest.</summary>
    internal static string CanonicalName(string name)
    {
        var chars = new List<char>(name.Length);
        foreach (char c in name)
        {
            if (c is '_' or '-' or ' ')
            {
                continue;
            }
            chars.Add(chars.Count == 0 ? (c is >= 'a' and <= 'z' ? (char)(c - 32) : c) : (c is >= 'A' and <= 'Z' ? (char)(c + 32) : c));
        }
        return new string([.. chars]);
    }

    private static RuneSet FromCategories(UnicodeCategory[] wanted)
    {
        var index = CategoryOfRune.Value;
        var ranges = new List<(int Lo, int Hi)>();
        int start = -1;
        for (int cp = 0; cp <= RuneSet.MaxRune + 1; cp++)
        {
            bool member = cp <= RuneSet.MaxRune && Array.IndexOf(wanted, (UnicodeCategory)index[cp]) >= 0;
            if (member && start < 0)
            {
                start = cp;
            }
            else if (!member && start >= 0)
            {
                ranges.Add((start, cp - 1));
                start = -1;
            }
        }
        return RuneSet.Of(ranges);
    }

    private static byte[] BuildCategoryIndex()
    {
        var index = new byte[RuneSet.MaxRune + 1];
        for (int cp = 0; cp <= RuneSet.MaxRune; cp++)
        {
            index[cp] = (byte)CharUnicodeInfo.GetUnicodeCategory(cp);
        }
        return index;
    }

    private static RuneSet ParseRanges(string ranges) =>
        RuneSet.Of(ranges.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(piece =>
        {
            int dash = piece.IndexOf('-');
            int lo = int.Parse(dash < 0 ? piece : piece[..dash], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            int hi = dash < 0 ? lo : int.Parse(piece[(dash + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return (lo, hi);
        }));

    private static Dictionary<string, string> ParseScripts() =>
        UnicodeScriptData.Tsv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .ToDictionary(parts => CanonicalName(parts[0]), parts => parts[1], StringComparer.Ordinal);

    private static Dictionary<string, UnicodeCategory[]> BuildCategoryMap()
    {
        var byCode = Enum.GetValues<UnicodeCategory>().ToDictionary(CategoryCode);
        var map = byCode.ToDictionary(pair => pair.Key, pair => new[] { pair.Value }, StringComparer.Ordinal);
        foreach (char major in "CLMNPSZ")
        {
            // Go's "C" is Cc|Cf|Co|Cs: unassigned code points are not part of it.
            map[major.ToString()] = [.. byCode.Where(p => p.Key[0] == major && p.Key != "Cn").Select(p => p.Value)];
        }
        map["LC"] = [UnicodeCategory.UppercaseLetter, UnicodeCategory.LowercaseLetter, UnicodeCategory.TitlecaseLetter];
        return map;
    }

    private static string CategoryCode(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter => "Lu",
        UnicodeCategory.LowercaseLetter => "Ll",
        UnicodeCategory.TitlecaseLetter => "Lt",
        UnicodeCategory.ModifierLetter => "Lm",
        UnicodeCategory.OtherLetter => "Lo",
        UnicodeCategory.NonSpacingMark => "Mn",
        UnicodeCategory.SpacingCombiningMark => "Mc",
        UnicodeCategory.EnclosingMark => "Me",
        UnicodeCategory.DecimalDigitNumber => "Nd",
        UnicodeCategory.LetterNumber => "Nl",
        UnicodeCategory.OtherNumber => "No",
        UnicodeCategory.SpaceSeparator => "Zs",
        UnicodeCategory.LineSeparator => "Zl",
        UnicodeCategory.ParagraphSeparator => "Zp",
        UnicodeCategory.Control => "Cc",
        UnicodeCategory.Format => "Cf",
        UnicodeCategory.Surrogate => "Cs",
        UnicodeCategory.PrivateUse => "Co",
        UnicodeCategory.ConnectorPunctuation => "Pc",
        UnicodeCategory.DashPunctuation => "Pd",
        UnicodeCategory.OpenPunctuation => "Ps",
        UnicodeCategory.ClosePunctuation => "Pe",
        UnicodeCategory.InitialQuotePunctuation => "Pi",
        UnicodeCategory.FinalQuotePunctuation => "Pf",
        UnicodeCategory.OtherPunctuation => "Po",
        UnicodeCategory.MathSymbol => "Sm",
        UnicodeCategory.CurrencySymbol => "Sc",
        UnicodeCategory.ModifierSymbol => "Sk",
        UnicodeCategory.OtherSymbol => "So",
        _ => "Cn",
    };

    // Unicode's long category names (PropertyValueAliases.txt), accepted by Go since 1.25.
    private static Dictionary<string, string> BuildAliasMap()
    {
        (string Alias, string Code)[] aliases =
        [
            ("Cased_Letter", "LC"), ("Close_Punctuation", "Pe"), ("Combining_Mark", "M"), ("Connector_Punctuation", "Pc"),
            ("Control", "Cc"), ("Currency_Symbol", "Sc"), ("Dash_Punctuation", "Pd"), ("Decimal_Number", "Nd"),
            ("Enclosing_Mark", "Me"), ("Final_Punctuation", "Pf"), ("Format", "Cf"), ("Initial_Punctuation", "Pi"),
            ("Letter", "L"), ("Letter_Number", "Nl"), ("Line_Separator", "Zl"), ("Lowercase_Letter", "Ll"),
            ("Mark", "M"), ("Math_Symbol", "Sm"), ("Modifier_Letter", "Lm"), ("Modifier_Symbol", "Sk"),
            ("Nonspacing_Mark", "Mn"), ("Number", "N"), ("Open_Punctuation", "Ps"), ("Other", "C"),
            ("Other_Letter", "Lo"), ("Other_Number", "No"), ("Other_Punctuation", "Po"), ("Other_Symbol", "So"),
            ("Paragraph_Separator", "Zp"), ("Private_Use", "Co"), ("Punctuation", "P"), ("Separator", "Z"),
            ("Space_Separator", "Zs"), ("Spacing_Mark", "Mc"), ("Surrogate", "Cs"), ("Symbol", "S"),
            ("Titlecase_Letter", "Lt"), ("Unassigned", "Cn"), ("Uppercase_Letter", "Lu"), ("cntrl", "Cc"),
            ("digit", "Nd"), ("punct", "P"),
        ];
        return aliases.ToDictionary(a => CanonicalName(a.Alias), a => a.Code, StringComparer.Ordinal);
    }
}
