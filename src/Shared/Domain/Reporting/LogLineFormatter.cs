using System.Globalization;
using System.Text;
using FluxMirror.Domain.GoCompat;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Reporting;

/// <summary>Formats <c>key=value</c> pairs like the reference's plain slog handler: values with a space,
/// quote, equals sign or any control character are Go-quoted (escaped); durations print in Go form (<c>5m0s</c>).</summary>
public static class LogLineFormatter
{
    public static string Format(DateTimeOffset at, string message, IEnumerable<(string Key, object? Value)> fields)
    {
        var sb = new StringBuilder();
        sb.Append(at.ToLocalTime().ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(' ').Append(message);
        foreach (var (key, value) in fields)
        {
            sb.Append(' ').Append(key).Append('=').Append(Value(value));
        }

        return sb.ToString();
    }

    private static string Value(object? value)
    {
        var text = value switch
        {
            null => "<nil>",
            TimeSpan d => GoDuration.Format(d),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
        return text.Length == 0 || text.IndexOfAny([' ', '"', '=']) >= 0 || TerminalText.NeedsEscaping(text) ? GoQuote.Quote(text) : text;
    }
}
