using System.Text;

namespace FluxMirror.Domain.GoCompat;

/// <summary>Go's <c>time.ParseDuration</c> and <c>Duration.String()</c> over <see cref="TimeSpan"/>.
/// Go counts nanoseconds; a TimeSpan tick is 100 ns, so sub-tick parts are truncated toward zero.</summary>
public static partial class GoDuration
{
    private const ulong Nanosecond = 1;
    private const ulong Microsecond = 1000 * Nanosecond;
    private const ulong Millisecond = 1000 * Microsecond;
    private const ulong Second = 1000 * Millisecond;
    private const ulong Minute = 60 * Second;
    private const ulong Hour = 60 * Minute;
    private const ulong Int64MinMagnitude = 1UL << 63;
    private const ulong NanosPerTick = 100;

    public static bool TryParse(string? text, out TimeSpan duration) => TryParse(text, out duration, out _);

    /// <param name="error">Go's exact message, e.g. <c>time: invalid duration "soon"</c>.</param>
    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        error = "";
        var original = text ?? "";
        var s = original;
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s == "0")
        {
            return true;
        }

        if (s.Length == 0)
        {
            error = Invalid(original);
            return false;
        }

        ulong total = 0;
        while (s.Length > 0)
        {
            if (!(s[0] == '.' || char.IsAsciiDigit(s[0])))
            {
                error = Invalid(original);
                return false;
            }

            var before = s.Length;
            if (!TryLeadingInt(ref s, out var whole))
            {
                error = Invalid(original);
                return false;
            }

            var hasWhole = before != s.Length;
            ulong fraction = 0;
            var scale = 1.0;
            var hasFraction = false;
            if (s.Length > 0 && s[0] == '.')
            {
                s = s[1..];
                var beforeFraction = s.Length;
                LeadingFraction(ref s, out fraction, out scale);
                hasFraction = beforeFraction != s.Length;
            }

            if (!hasWhole && !hasFraction)
            {
                error = Invalid(original);
                return false;
            }

            var unitLength = 0;
            while (unitLength < s.Length && !(s[unitLength] == '.' || char.IsAsciiDigit(s[unitLength])))
            {
                unitLength++;
            }

            if (unitLength == 0)
            {
                error = "time: missing unit in duration " + TimeQuote(original);
                return false;
            }

            var unitText = s[..unitLength];
            s = s[unitLength..];
            if (!TryUnit(unitText, out var unit))
            {
                error = "time: unknown unit " + TimeQuote(unitText) + " in duration " + TimeQuote(original);
                return false;
            }

            if (whole > Int64MinMagnitude / unit)
            {
                error = Invalid(original);
                return false;
            }

            var value = whole * unit;
            if (fraction > 0)
            {
                value += (ulong)(fraction * (unit / scale));
                if (value > Int64MinMagnitude)
                {
                    error = Invalid(original);
                    return false;
                }
            }

            total += value;
            if (total > Int64MinMagnitude)
            {
                error = Invalid(original);
                return false;
            }
        }

        if (!negative && total > long.MaxValue)
        {
            error = Invalid(original);
            return false;
        }

        var nanos = negative ? unchecked(-(long)total) : (long)total;
        duration = TimeSpan.FromTicks(nanos / 100);
        return true;
    }

    private static bool TryUnit(string unit, out ulong nanos)
    {
        nanos = unit switch
        {
            "ns" => Nanosecond,
            "us" or "\u00B5s" or "\u03BCs" => Microsecond,
            "ms" => Millisecond,
            "s" => Second,
            "m" => Minute,
            "h" => Hour,
            _ => 0,
        };
        return nanos != 0;
    }

    private static bool TryLeadingInt(ref string s, out ulong value)
    {
        value = 0;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (value > Int64MinMagnitude / 10)
            {
                return false;
            }

            value = (value * 10) + (ulong)(s[i] - '0');
            if (value > Int64MinMagnitude)
            {
                return false;
            }
        }

        s = s[i..];
        return true;
    }

    private static void LeadingFraction(ref string s, out ulong value, out double scale)
    {
        value = 0;
        scale = 1;
        var overflow = false;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (overflow)
            {
                continue;
            }

            if (value > (long.MaxValue / 10))
            {
                overflow = true;
                continue;
            }

            var next = (value * 10) + (ulong)(s[i] - '0');
            if (next > Int64MinMagnitude)
            {
                overflow = true;
                continue;
            }

            value = next;
            scale *= 10;
        }

        s = s[i..];
    }

    private static string Invalid(string original) => "time: invalid duration " + TimeQuote(original);

    // The time package's own quote(): ASCII printable kept, anything else shown as \x escapes of its UTF-8 bytes.
    private static string TimeQuote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in s.EnumerateRunes())
        {
            if (rune.Value >= 0x80 || rune.Value < ' ')
            {
                var n = rune.EncodeToUtf8(utf8);
                foreach (var b in utf8[..n])
                {
                    sb.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            else
            {
                if (rune.Value is '"' or '\\')
                {
                    sb.Append('\\');
                }

                sb.Append((char)rune.Value);
            }
        }

        return sb.Append('"').ToString();
    }
}
