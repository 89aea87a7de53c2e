using System.Globalization;
using System.Text;

namespace FluxMirror.Registry.Model;

/// <summary>Go's <c>strconv.Quote</c> (the <c>%q</c> verb), so values echoed in messages read exactly like the reference.</summary>
public static class GoQuote
{
    public static string Quote(string? value)
    {
        var text = value ?? "";
        var sb = new StringBuilder(text.Length + 2);
        sb.Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            AppendRune(sb, rune);
        }

        return sb.Append('"').ToString();
    }

    /// <summary>Go's <c>%#q</c> of a <c>[]string</c> (cobra prints it for an unknown help topic): <c>[`a` `b`]</c>,
    /// each element backquoted when <c>strconv.CanBackquote</c> allows, else <see cref="Quote"/>d.</summary>
    public static string QuoteSliceBackquoted(IEnumerable<string> values) =>
        "[" + string.Join(' ', values.Select(v => CanBackquote(v) ? $"`{v}`" : Quote(v))) + "]";

    // strconv.CanBackquote: no backquote, no BOM or replacement character, no control character but tab.
    private static bool CanBackquote(string value) =>
        value.All(c => c != '`' && c != '\uFEFF' && c != '\uFFFD' && (c == '\t' || !char.IsControl(c))) && !value.Any(char.IsSurrogate);

    private static void AppendRune(StringBuilder sb, Rune rune)
    {
        switch (rune.Value)
        {
            case '"': sb.Append("\\\""); return;
            case '\\': sb.Append("\\\\"); return;
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
        }

        if (IsPrint(rune))
        {
            sb.Append(rune.ToString());
        }
        else if (rune.Value < 0x20 || rune.Value == 0x7F)
        {
            sb.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
        }
        else if (rune.Value < 0x10000)
        {
            sb.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append("\\U").Append(rune.Value.ToString("x8", CultureInfo.InvariantCulture));
        }
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrint(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => true,
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => true,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
            UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
                or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation => true,
            UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
                or UnicodeCategory.OtherSymbol => true,
            _ => false,
        };
    }
}
