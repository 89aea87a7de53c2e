using System.Globalization;
using System.Text;

namespace FluxMirror.Domain.GoCompat;

/// <summary>
/// Go's <c>strconv.FormatFloat</c> with shortest precision (-1), for the two places Helm's bytes depend on it:
/// YAML floats read into string fields (<c>'g'</c>, 32-bit, e.g. <c>appVersion: 1.10</c> becomes <c>"1.1"</c>) and
/// <c>encoding/json</c> numbers (<c>'f'</c>, or <c>'e'</c> outside [1e-6, 1e21)).
/// </summary>
internal static class GoFloatFormat
{
    /// <summary><c>strconv.FormatFloat(v, 'g', -1, 32)</c>.</summary>
    public static string General32(double value)
    {
        if (Special(value) is { } special)
        {
            return special;
        }

        var (negative, digits, point) = ShortestDigits(((float)value).ToString("R", CultureInfo.InvariantCulture));
        var exponent = point - 1;
        return exponent < -4 || exponent >= 6
            ? Exponential(negative, digits, point, trimExponentZero: false)
            : Fixed(negative, digits, point);
    }

    /// <summary>What <c>encoding/json</c> writes for a float64.</summary>
    public static string Json64(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new FormatException("json: unsupported value: " + Special(value));
        }

        var (negative, digits, point) = ShortestDigits(value.ToString("R", CultureInfo.InvariantCulture));
        var abs = Math.Abs(value);
        return abs != 0 && (abs < 1e-6 || abs >= 1e21)
            ? Exponential(negative, digits, point, trimExponentZero: true)
            : Fixed(negative, digits, point);
    }

    private static string? Special(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => null,
    };

    // Decomposes .NET's shortest round-trip text ("1.5E-07", "-123.25", "0") into Go's decimal form:
    // significant digits without trailing zeros and the position of the decimal point.
    private static (bool Negative, string Digits, int Point) ShortestDigits(string text)
    {
        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        var exponentAt = body.IndexOfAny(['E', 'e']);
        var exponent = exponentAt < 0 ? 0 : int.Parse(body[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? body : body[..exponentAt];
        var dot = mantissa.IndexOf('.');
        var integerLength = dot < 0 ? mantissa.Length : dot;
        var digits = mantissa.Replace(".", string.Empty, StringComparison.Ordinal);
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        if (digits.Length == 0)
        {
            return (negative, "0", 1);
        }

        return (negative, digits, integerLength + exponent - leadingZeros);
    }

    private static string Fixed(bool negative, string digits, int point)
    {
        var sb = new StringBuilder(negative ? "-" : string.Empty);
        if (point <= 0)
        {
            sb.Append("0.").Append('0', -point).Append(digits);
        }
        else if (point >= digits.Length)
        {
            sb.Append(digits).Append('0', point - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        }

        return sb.ToString();
    }

    private static string Exponential(bool negative, string digits, int point, bool trimExponentZero)
    {
        var sb = new StringBuilder(negative ? "-" : string.Empty);
        sb.Append(digits[0]);
        if (digits.Length > 1)
        {
            sb.Append('.').Append(digits, 1, digits.Length - 1);
        }

        var exponent = digits == "0" ? 0 : point - 1;
        sb.Append('e').Append(exponent < 0 ? '-' : '+');
        var magnitude = Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
        // strconv pads the exponent to two digits; encoding/json strips that pad again for negative exponents.
        if (magnitude.Length < 2 && !(trimExponentZero && exponent < 0))
        {
            sb.Append('0');
        }

        return sb.Append(magnitude).ToString();
    }
}
