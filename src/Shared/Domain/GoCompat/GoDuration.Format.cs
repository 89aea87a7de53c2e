namespace FluxMirror.Domain.GoCompat;

/// <summary>Go's <c>Duration.String()</c> half of <see cref="GoDuration"/>.</summary>
public static partial class GoDuration
{
    /// <summary>Go's <c>Duration.String()</c>: <c>5m0s</c>, <c>48h0m0s</c>, <c>1.5s</c>, <c>812ms</c>, <c>1µs</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        // Int128 because a TimeSpan can exceed Go's ±292-year range once counted in nanoseconds.
        var nanos = (Int128)duration.Ticks * 100;
        var negative = nanos < 0;
        var u = (UInt128)(negative ? -nanos : nanos);
        string body;
        if (u < Second)
        {
            body = u == 0 ? "0s"
                : u < Microsecond ? u.ToString(System.Globalization.CultureInfo.InvariantCulture) + "ns"
                : u < Millisecond ? WithFraction(u, 3) + "µs"
                : WithFraction(u, 6) + "ms";
        }
        else
        {
            var seconds = u / Second;
            var secondsText = WithFraction(u % (60 * Second), 9) + "s";
            var minutes = seconds / 60;
            var hours = minutes / 60;
            body = minutes == 0 ? secondsText
                : hours == 0 ? $"{minutes}m{secondsText}"
                : $"{hours}h{minutes % 60}m{secondsText}";
        }

        return negative ? "-" + body : body;
    }

    // Formats value / 10^precision with the fraction's trailing zeros (and a bare point) removed.
    private static string WithFraction(UInt128 value, int precision)
    {
        UInt128 divisor = 1;
        for (var i = 0; i < precision; i++)
        {
            divisor *= 10;
        }

        var whole = (value / divisor).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var fraction = value % divisor;
        if (fraction == 0)
        {
            return whole;
        }

        var digits = fraction.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(precision, '0').TrimEnd('0');
        return whole + "." + digits;
    }
}
