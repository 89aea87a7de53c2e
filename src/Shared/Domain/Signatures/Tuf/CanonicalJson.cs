using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FluxMirror.Domain.Signatures.Tuf;

/// <summary>
/// OLPC canonical JSON, the byte form TUF signatures cover: object keys sorted by their UTF-16 code units (what
/// securesystemslib and go-tuf produce for the ASCII keys TUF uses), no insignificant whitespace, strings with only
/// <c>"</c> and <c>\</c> escaped (every other character, control characters included, is written as is in UTF-8), and
/// integers only.
/// </summary>
internal static class CanonicalJson
{
    public static byte[] Encode(JsonElement element)
    {
        using var buffer = new MemoryStream();
        Write(buffer, element);
        return buffer.ToArray();
    }

    private static void Write(MemoryStream output, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                output.WriteByte((byte)'{');
                var first = true;
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        output.WriteByte((byte)',');
                    }

                    first = false;
                    WriteString(output, property.Name);
                    output.WriteByte((byte)':');
                    Write(output, property.Value);
                }

                output.WriteByte((byte)'}');
                break;
            case JsonValueKind.Array:
                output.WriteByte((byte)'[');
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (index++ > 0)
                    {
                        output.WriteByte((byte)',');
                    }

                    Write(output, item);
                }

                output.WriteByte((byte)']');
                break;
            case JsonValueKind.String:
                WriteString(output, element.GetString()!);
                break;
            case JsonValueKind.Number:
                // Canonical JSON has no fractions or exponents: a signer could not have produced such a number.
                if (!element.TryGetInt64(out var integer))
                {
                    throw new FormatException($"canonical JSON allows integers only, got {element.GetRawText()}");
                }

                WriteAscii(output, integer.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.True:
                WriteAscii(output, "true");
                break;
            case JsonValueKind.False:
                WriteAscii(output, "false");
                break;
            case JsonValueKind.Null:
                WriteAscii(output, "null");
                break;
            default:
                throw new FormatException($"unexpected JSON value {element.ValueKind}");
        }
    }

    private static void WriteString(MemoryStream output, string value)
    {
        output.WriteByte((byte)'"');
        var escaped = value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        output.Write(Encoding.UTF8.GetBytes(escaped));
        output.WriteByte((byte)'"');
    }

    private static void WriteAscii(MemoryStream output, string value) => output.Write(Encoding.ASCII.GetBytes(value));
}
