using System.Globalization;
using System.Text;

namespace FluxMirror.Domain.Reporting;

/// <summary>
/// Makes a value safe to echo on a terminal: control characters (C0, DEL, C1) become Go-style escapes, so a tag
/// name, a registry's error body or a config value can never move the cursor, clear the screen or forge a line.
/// </summary>
public static class TerminalText
{
    public static bool NeedsEscaping(string text) => text.Any(char.IsControl);

    public static string Escape(string text)
    {
        if (!NeedsEscaping(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (!char.IsControl(c))
            {
                sb.Append(c);
                continue;
            }

            sb.Append(c switch
            {
                '\a' => "\\a",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\v' => "\\v",
                < '\u0080' => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
        }

        return sb.ToString();
    }
}
