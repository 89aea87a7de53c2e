namespace FluxMirror.Domain.GoCompat.Re2;

/// <summary>Rune-level scanning and single-character escapes, following Go's regexp/syntax parseEscape.</summary>
internal static class Re2Lexer
{
    /// <summary>Decodes one code point at index; a lone surrogate is Go's "invalid UTF-8".</summary>
    public static int NextRune(string s, ref int index)
    {
        char c = s[index];
        if (!char.IsSurrogate(c))
        {
            index++;
            return c;
        }
        if (char.IsHighSurrogate(c) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1]))
        {
            int rune = char.ConvertToUtf32(c, s[index + 1]);
            index += 2;
            return rune;
        }
        throw new Re2SyntaxException(Re2ErrorCode.InvalidUtf8, s[index..]);
    }

    public static void CheckUtf8(string s, int from, int to)
    {
        for (int i = from; i < to;)
        {
            if (char.IsSurrogate(s[i]) && !(char.IsHighSurrogate(s[i]) && i + 1 < to && char.IsLowSurrogate(s[i + 1])))
            {
                throw new Re2SyntaxException(Re2ErrorCode.InvalidUtf8, s[i..]);
            }
            i += char.IsHighSurrogate(s[i]) ? 2 : 1;
        }
    }

    public static bool IsAsciiAlnum(int c) => c is >= '0' and <= '9' or >= 'A' and <= 'Z' or >= 'a' and <= 'z';

    /// <summary>Parses the escape starting at the backslash at index and returns the rune it denotes.</summary>
    public static int ParseEscape(string s, ref int index)
    {
        int start = index;
        int t = index + 1;
        if (t >= s.Length)
        {
            throw new Re2SyntaxException(Re2ErrorCode.TrailingBackslash, "");
        }
        int c = NextRune(s, ref t);
        int? rune = c switch
        {
            >= '1' and <= '7' when t < s.Length && IsOctal(s[t]) => Octal(s, c, ref t),
            '0' => Octal(s, c, ref t),
            'x' => Hex(s, ref t),
            'a' => 7,
            'f' => '\f',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\v',
            _ when c < 0x80 && !IsAsciiAlnum(c) => c,
            _ => null,
        };
        if (rune is null)
        {
            throw new Re2SyntaxException(Re2ErrorCode.InvalidEscape, s[start..t]);
        }
        index = t;
        return rune.Value;
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    // Up to three octal digits; a lone \1..\7 would be a backreference, which RE2 rejects.
    private static int Octal(string s, int first, ref int t)
    {
        int r = first - '0';
        for (int i = 1; i < 3 && t < s.Length && IsOctal(s[t]); i++, t++)
        {
            r = (r * 8) + (s[t] - '0');
        }
        return r;
    }

    private static int? Hex(string s, ref int t)
    {
        if (t >= s.Length)
        {
            return null;
        }
        int c = NextRune(s, ref t);
        if (c == '{')
        {
            int digits = 0, r = 0;
            while (true)
            {
                if (t >= s.Length)
                {
                    return null;
                }
                c = NextRune(s, ref t);
                if (c == '}')
                {
                    break;
                }
                int v = Unhex(c);
                if (v < 0)
                {
                    return null;
                }
                r = (r * 16) + v;
                if (r > RuneSet.MaxRune)
                {
                    return null;
                }
                digits++;
            }
            return digits == 0 ? null : r;
        }
        int x = Unhex(c);
        // Go's nextRune on an empty rest yields RuneError without consuming anything.
        int y = t < s.Length ? Unhex(NextRune(s, ref t)) : -1;
        return x < 0 || y < 0 ? null : (x * 16) + y;
    }

    private static int Unhex(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
