using System.Globalization;
using System.Text;

namespace FluxMirror.Registry.Credentials.Aws;

/// <summary>
/// A JSON string as Go's <c>encoding/json</c> writes it (HTML-sensitive characters and U+2028/U+2029 as
/// <c>\u00xx</c>, <c>+</c> and <c>/</c> left alone), so a token a registry compares against the reference's reads the
/// same byte for byte. The Domain's Go JSON writer is out of reach from this layer.
/// </summary>
internal static class GoJsonText
{
    public static StringBuilder AppendString(this StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            _ = rune.Value switch
            {
                '"' => sb.Append("\\\""),
                '\\' => sb.Append("\\\\"),
                '\b' => sb.Append("\\b"),
                '\f' => sb.Append("\\f"),
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                '\t' => sb.Append("\\t"),
                '<' or '>' or '&' or 0x2028 or 0x2029 or < 0x20 => sb.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture)),
                _ => sb.Append(rune.ToString()),
            };
        }

        return sb.Append('"');
    }
}
