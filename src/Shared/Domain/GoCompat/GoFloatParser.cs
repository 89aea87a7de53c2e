using System.Globalization;
using System.Numerics;

namespace FluxMirror.Domain.GoCompat;

/// <summary>
/// Go's strconv.ParseFloat(s, 64) acceptance rules: optional sign, decimal with optional fraction and exponent,
/// hexadecimal with a mandatory 'p' exponent (0x1p-2), "inf"/"infinity"/"nan" in any case, underscores only
/// between digits after a base prefix. Values that overflow are errors in Go (ErrRange), so they are rejected.
/// </summary>
internal static class GoFloatParser
{
    public static bool TryParse(string s, out double value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }
        if (TryParseSpecial(s, out value))
        {
            return true;
        }
        if (!IsWellFormed(s, out bool hex))
        {
            return false;
        }
        value = hex ? ParseHex(s) : double.Parse(s.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture);
        return !double.IsInfinity(value);
    }

    private static bool TryParseSpecial(string s, out double value)
    {
        value = 0;
        bool signed = s[0] is '+' or '-';
        string rest = signed ? s[1..] : s;
        if (rest.Equals("inf", StringComparison.OrdinalIgnoreCase) || rest.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = s[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (!signed && s.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }
        return false;
    }

    // Go's readFloat, which must consume the whole string.
    private static bool IsWellFormed(string s, out bool hex)
    {
        int i = s[0] is '+' or '-' ? 1 : 0;
        hex = i + 2 < s.Length && s[i] == '0' && (s[i + 1] | 0x20) == 'x';
        if (hex)
        {
            i += 2;
        }
        bool sawDot = false, sawDigits = false, underscores = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '_')
            {
                underscores = true;
            }
            else if (c == '.' && !sawDot)
            {
                sawDot = true;
            }
            else if (char.IsAsciiDigit(c) || (hex && char.IsAsciiHexDigit(c)))
            {
                sawDigits = true;
            }
            else
            {
                break;
            }
        }
        if (!sawDigits)
        {
            return false;
        }
        if (i < s.Length && (s[i] | 0x20) == (hex ? 'p' : 'e'))
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }
            if (i >= s.Length || !char.IsAsciiDigit(s[i]))
            {
                return false;
            }
            for (; i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '_'); i++)
            {
                underscores |= s[i] == '_';
            }
        }
        else if (hex)
        {
            return false;
        }
        return i == s.Length && (!underscores || UnderscoresOk(s));
    }

    // Go's underscoreOK: '_' only between digits (or right after a base prefix), never doubled or trailing.
    private static bool UnderscoresOk(string s)
    {
        char saw = '^';
        int i = s.Length > 0 && s[0] is '+' or '-' ? 1 : 0;
        bool hex = false;
        if (s.Length - i >= 2 && s[i] == '0' && (s[i + 1] | 0x20) is 'b' or 'o' or 'x')
        {
            hex = (s[i + 1] | 0x20) == 'x';
            i += 2;
            saw = '0';
        }
        for (; i < s.Length; i++)
        {
            if (char.IsAsciiDigit(s[i]) || (hex && char.IsAsciiHexDigit(s[i])))
            {
                saw = '0';
            }
            else if (s[i] == '_')
            {
                if (saw != '0')
                {
                    return false;
                }
                saw = '_';
            }
            else
            {
                if (saw == '_')
                {
                    return false;
                }
                saw = '!';
            }
        }
        return saw != '_';
    }

    private static double ParseHex(string s)
    {
        bool negative = s[0] == '-';
        int i = s[0] is '+' or '-' ? 3 : 2;
        BigInteger mantissa = BigInteger.Zero;
        int exponent = 0;
        bool afterDot = false;
        for (; i < s.Length && (s[i] | 0x20) != 'p'; i++)
        {
            if (s[i] == '.')
            {
                afterDot = true;
            }
            else if (s[i] != '_')
            {
                mantissa = (mantissa << 4) + int.Parse(s.AsSpan(i, 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                exponent -= afterDot ? 4 : 0;
            }
        }
        exponent += ParseExponent(s, i + 1);
        double magnitude = ScaleToDouble(mantissa, exponent);
        return negative ? -magnitude : magnitude;
    }

    // Like Go, stop accumulating digits once the exponent is absurdly large; the result saturates anyway.
    private static int ParseExponent(string s, int i)
    {
        int sign = 1;
        if (s[i] is '+' or '-')
        {
            sign = s[i] == '-' ? -1 : 1;
            i++;
        }
        int e = 0;
        for (; i < s.Length; i++)
        {
            if (s[i] != '_' && e < 10000)
            {
                e = (e * 10) + (s[i] - '0');
            }
        }
        return sign * e;
    }

    // mantissa * 2^exponent rounded to nearest-even, keeping only the bits a double (or subnormal) can hold so
    // that the final scaling is exact.
    private static double ScaleToDouble(BigInteger mantissa, int exponent)
    {
        if (mantissa.IsZero)
        {
            return 0;
        }
        long bitLength = (long)mantissa.GetBitLength();
        long keep = Math.Clamp(exponent + bitLength - 1 + 1074 + 1, 0, 53);
        long drop = bitLength - keep;
        if (drop > bitLength + 1)
        {
            return 0;
        }
        if (drop > 0)
        {
            var quotient = mantissa >> (int)drop;
            var remainder = mantissa - (quotient << (int)drop);
            var half = BigInteger.One << (int)(drop - 1);
            if (remainder > half || (remainder == half && !quotient.IsEven))
            {
                quotient += 1;
            }
            mantissa = quotient;
            exponent += (int)drop;
        }
        return Math.ScaleB((double)mantissa, exponent);
    }
}
