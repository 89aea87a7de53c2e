namespace FluxMirror.Domain.GoCompat;

/// <summary>Go's <c>Duration.String()</c> half of <see cref="GoDuration"/>.</summary>
public static partial class GoDuration
{
    /// <summary>Go's <c>Duration.String()</c>: <c>5m0s</c>, <c>48h0m0s</c>, <c>1.5s</c>, <c>812ms</c>, <c>1µs</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        // Counted in ticks, not nanoseconds: a TimeSpan can exceed Go's ±292-year range once counted in nanoseconds,
        // and 128-bit arithmetic is not precompiled (ReadyToRun), so a CLI start paid ~30 methods compiled at run time.
        var ticks = duration.Ticks;
        var negative = ticks < 0;
        var u = negative ? (ulong)-(ticks + 1) + 1 : (ulong)ticks;
        string body;
        if (u < TimeSpan.TicksPerSecond)
        {
            var nanos = u * NanosPerTick;
            body = nanos == 0 ? "0s"
                : nanos < Microsecond ? nanos.ToString(System.Globalization.CultureInfo.InvariantCulture) + "ns"
                : nanos < Millisecond ? WithFraction(nanos, 3) + "µs"
                : WithFraction(nanos, 6) + "ms";
        }
        else
        {
            var seconds = u / TimeSpan.TicksPerSecond;
            var nanosOfMinute = (seconds % 60 * TimeSpan.TicksPerSecond + u % TimeSpan.TicksPerSecond) * NanosPerTick;
            var secondsText = WithFraction(nanosOfMinute, 9) + "s";
            var minutes = seconds / 60;
            var hours = minutes / 60;
            body = minutes == 0 ? secondsText
                : hours == 0 ? $"{minutes}m{secondsText}"
                : $"{hours}h{minutes % 60}m{secondsText}";
        }

        return negative ? "-" + body : body;
    }

    // Formats value / 10^precision with the fraction's trailing zeros (and a bare point) removed.
    private static string WithFraction(ulong value, int precision)
    {
        ulong divisor = 1;
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
