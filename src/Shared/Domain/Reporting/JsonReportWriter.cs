using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FluxMirror.Domain.Reporting;

/// <summary>Renders the report like Go's json.Encoder with a two-space indent: field order kept,
/// HTML-sensitive characters escaped as \u003c, \u003e, \u0026, and a trailing newline.</summary>
public static class JsonReportWriter
{
    public static string Render(SyncReport report)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            Write(writer, ReportTree.Envelope(report, includeSchema: true));
        }

        var json = Encoding.UTF8.GetString(buffer.ToArray());
        return GoEscape(json) + "\n";
    }

    private static void Write(Utf8JsonWriter writer, object node)
    {
        switch (node)
        {
            case ReportTree.Map map:
                writer.WriteStartObject();
                foreach (var (key, value) in map)
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable<object> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case long n:
                writer.WriteNumberValue(n);
                break;
            default:
                throw new InvalidOperationException($"unsupported report node {node.GetType().Name}");
        }
    }

    // The relaxed encoder leaves <, > and & alone; Go escapes them. They can only occur inside
    // string tokens, so a plain replacement is exact.
    private static string GoEscape(string json) => json
        .Replace("<", "\\u003c", StringComparison.Ordinal)
        .Replace(">", "\\u003e", StringComparison.Ordinal)
        .Replace("&", "\\u0026", StringComparison.Ordinal)
        .Replace("\u2028", "\\u2028", StringComparison.Ordinal)
        .Replace("\u2029", "\\u2029", StringComparison.Ordinal);
}
