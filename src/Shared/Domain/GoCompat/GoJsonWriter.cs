using System.Globalization;
using System.Text;

namespace FluxMirror.Domain.GoCompat;

/// <summary>
/// Go <c>encoding/json</c> output, byte for byte: HTML-sensitive characters and U+2028/U+2029 escaped, <c>\b \f \n \r \t</c>
/// short escapes (Go 1.22+), map keys sorted by their UTF-8 bytes, numbers in Go float64 form.
/// Values are null, bool, double, string, <see cref="IReadOnlyDictionary{TKey,TValue}"/> or <see cref="IReadOnlyList{T}"/>.
/// </summary>
internal static class GoJsonWriter
{
    public static void AppendString(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (var rune in EnumerateRunesReplacingInvalid(value))
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<' or '>' or '&' or 0x2028 or 0x2029:
                case < 0x20:
                    sb.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    sb.Append(rune.ToString());
                    break;
            }
        }

        sb.Append('"');
    }

    public static void AppendValue(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case double d:
                sb.Append(GoFloatFormat.Json64(d));
                break;
            case string s:
                AppendString(sb, s);
                break;
            case IReadOnlyDictionary<string, object?> map:
                AppendMap(sb, map);
                break;
            case IReadOnlyList<object?> list:
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    sb.Append(i == 0 ? string.Empty : ",");
                    AppendValue(sb, list[i]);
                }

                sb.Append(']');
                break;
            default:
                throw new FormatException($"json: unsupported value of kind {value.GetType().Name}");
        }
    }

    public static void AppendMap<T>(StringBuilder sb, IReadOnlyDictionary<string, T> map)
    {
        sb.Append('{');
        var first = true;
        foreach (var key in map.Keys.Order(Utf8Order.Instance))
        {
            sb.Append(first ? string.Empty : ",");
            first = false;
            AppendString(sb, key);
            sb.Append(':');
            AppendValue(sb, map[key]);
        }

        sb.Append('}');
    }

    // Go strings hold UTF-8; lone surrogates here stand for invalid bytes, which encoding/json writes as U+FFFD.
    private static IEnumerable<Rune> EnumerateRunesReplacingInvalid(string value)
    {
        for (var i = 0; i < value.Length;)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
            }

            yield return rune;
            i += Math.Max(1, consumed);
        }
    }

    /// <summary>Go sorts map keys as byte strings, i.e. by UTF-8 code units, which differs from UTF-16 order above U+D7FF.</summary>
    internal sealed class Utf8Order : IComparer<string>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(string? x, string? y) =>
            ((ReadOnlySpan<byte>)Encoding.UTF8.GetBytes(x ?? string.Empty)).SequenceCompareTo(Encoding.UTF8.GetBytes(y ?? string.Empty));
    }
}
