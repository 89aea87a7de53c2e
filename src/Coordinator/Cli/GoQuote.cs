using System.Globalization;
using System.Text;

namespace FluxMirror.Coordinator.Cli;

/// <summary>Go's <c>fmt</c> <c>%#q</c> of a <c>[]string</c>, which cobra's help command prints for an unknown topic.</summary>
public static class GoQuote
{
    /// <summary><c>[`a` `b`]</c>: each element backquoted when Go can (<c>strconv.CanBackquote</c>), else double-quoted.</summary>
    public static string SliceHashQ(IEnumerable<string> values) => "[" + string.Join(' ', values.Select(HashQ)) + "]";

    private static string HashQ(string value) => CanBackquote(value) ? $"`{value}`" : Quote(value);

    private static bool CanBackquote(string value) =>
        value.All(c => c != '`' && c != '\uFEFF' && c != '\uFFFD' && (c == '\t' || !char.IsControl(c))) && !value.Any(char.IsSurrogate);

    private static string Quote(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }
}
