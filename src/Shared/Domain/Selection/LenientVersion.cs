using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace FluxMirror.Domain.Selection;

/// <summary>
/// A version as Masterminds/semver v3 NewVersion reads it: optional lowercase "v", one to three numeric parts
/// (missing ones are 0, leading zeros tolerated), optional prerelease and build metadata. A numeric prerelease
/// identifier with a leading zero, or a fourth part, makes it invalid. Precedence follows semver 2.0; build
/// metadata is ignored.
/// </summary>
[SuppressMessage("Design", "CA1036", Justification = "Ordered by semver precedence only: versions that differ in build metadata sort equal, so == would mislead.")]
public sealed class LenientVersion : IComparable<LenientVersion>
{
    private LenientVersion(ulong major, ulong minor, ulong patch, string prerelease, string metadata, string original)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease;
        Metadata = metadata;
        Original = original;
    }

    public ulong Major { get; }

    public ulong Minor { get; }

    public ulong Patch { get; }

    /// <summary>Prerelease without the leading '-', or "".</summary>
    public string Prerelease { get; }

    /// <summary>Build metadata without the leading '+', or "".</summary>
    public string Metadata { get; }

    public string Original { get; }

    /// <summary>Masterminds NewVersion: v prefix and partial versions accepted.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out LenientVersion? version)
    {
        version = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        int i = text[0] == 'v' ? 1 : 0;
        ulong minor = 0, patch = 0;
        string prerelease = "", metadata = "";
        if (!ReadNumber(text, ref i, out ulong major)
            || (TryConsume(text, ref i, '.') && !ReadNumber(text, ref i, out minor))
            || (TryConsume(text, ref i, '.') && !ReadNumber(text, ref i, out patch))
            || (TryConsume(text, ref i, '-') && !ReadIdentifiers(text, ref i, out prerelease))
            || (TryConsume(text, ref i, '+') && !ReadIdentifiers(text, ref i, out metadata))
            || i != text.Length
            || prerelease.Split('.').Any(id => id.Length > 1 && id[0] == '0' && id.All(char.IsAsciiDigit)))
        {
            return false;
        }
        version = new LenientVersion(major, minor, patch, prerelease, metadata, text);
        return true;
    }

    public int CompareTo(LenientVersion? other)
    {
        if (other is null)
        {
            return 1;
        }
        int byNumbers = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (byNumbers != 0)
        {
            return Math.Sign(byNumbers);
        }
        return (Prerelease.Length, other.Prerelease.Length) switch
        {
            (0, 0) => 0,
            (0, _) => 1,
            (_, 0) => -1,
            _ => ComparePrerelease(Prerelease, other.Prerelease),
        };
    }

    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}{(Prerelease.Length > 0 ? "-" + Prerelease : "")}{(Metadata.Length > 0 ? "+" + Metadata : "")}";

    /// <summary>
    /// Masterminds' comparePrerelease: identifier by identifier, numbers (that fit in 64 bits) numerically and
    /// below text, text by byte order, and a missing identifier lower than a present one.
    /// </summary>
    internal static int ComparePrerelease(string a, string b)
    {
        string[] left = a.Split('.'), right = b.Split('.');
        for (int i = 0; i < Math.Max(left.Length, right.Length); i++)
        {
            int result = CompareIdentifier(i < left.Length ? left[i] : "", i < right.Length ? right[i] : "");
            if (result != 0)
            {
                return result;
            }
        }
        return 0;
    }

    private static int CompareIdentifier(string s, string o)
    {
        if (s == o)
        {
            return 0;
        }
        if (s.Length == 0 || o.Length == 0)
        {
            return s.Length == 0 ? -1 : 1;
        }
        bool sNumeric = ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out ulong sn);
        bool oNumeric = ulong.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out ulong on);
        return (sNumeric, oNumeric) switch
        {
            (false, false) => string.CompareOrdinal(s, o) > 0 ? 1 : -1,
            (true, false) => -1,
            (false, true) => 1,
            _ => sn > on ? 1 : -1,
        };
    }

    private static bool TryConsume(string text, ref int i, char expected)
    {
        if (i < text.Length && text[i] == expected)
        {
            i++;
            return true;
        }
        return false;
    }

    private static bool ReadNumber(string text, ref int i, out ulong value)
    {
        int start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        value = 0;
        return i > start && ulong.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    // Dot-separated, non-empty identifiers of [0-9A-Za-z-].
    private static bool ReadIdentifiers(string text, ref int i, out string identifiers)
    {
        int start = i;
        identifiers = "";
        while (true)
        {
            int partStart = i;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '-'))
            {
                i++;
            }
            if (i == partStart)
            {
                return false;
            }
            if (i < text.Length && text[i] == '.' && i + 1 < text.Length)
            {
                i++;
                continue;
            }
            identifiers = text[start..i];
            return true;
        }
    }
}
