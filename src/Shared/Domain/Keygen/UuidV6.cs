using System.Security.Cryptography;

namespace FluxMirror.Domain.Keygen;

/// <summary>
/// RFC 9562 version 6 UUIDs: the Gregorian 100-ns timestamp of v1 reordered most-significant first, so the text sorts
/// by creation time, with a random clock sequence and node (the RFC's advice for v6; no MAC address leaks into a
/// key id). The reference's <c>keygen</c> uses <c>uuid.NewV6()</c> as the JWK <c>kid</c>.
/// </summary>
public static class UuidV6
{
    /// <summary>1582-10-15, the start of the Gregorian calendar and of the UUID timestamp.</summary>
    private static readonly long GregorianEpochTicks = new DateTime(1582, 10, 15, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private static readonly Lock Gate = new();
    private static long _lastTimestamp;

    /// <summary>A new v6 UUID for now; strictly increasing within this process even when the clock does not move.</summary>
    public static string New() => New(DateTimeOffset.UtcNow);

    public static string New(DateTimeOffset now)
    {
        long timestamp;
        lock (Gate)
        {
            // Two ids in the same 100-ns tick (or after the clock stepped back) would otherwise not sort by creation.
            timestamp = Math.Max(now.UtcTicks - GregorianEpochTicks, _lastTimestamp + 1);
            _lastTimestamp = timestamp;
        }

        return Format(timestamp, RandomNumberGenerator.GetBytes(8));
    }

    /// <summary>The v6 layout of a 60-bit <paramref name="timestamp"/> and 8 random bytes (clock sequence and node).</summary>
    internal static string Format(long timestamp, ReadOnlySpan<byte> random)
    {
        Span<byte> bytes = stackalloc byte[16];
        var t = (ulong)timestamp & 0x0FFF_FFFF_FFFF_FFFF;
        var high = t >> 12;
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(high >> (40 - (8 * i)));
        }

        bytes[6] = (byte)(0x60 | (int)((t >> 8) & 0x0F));
        bytes[7] = (byte)(t & 0xFF);
        random[..8].CopyTo(bytes[8..]);
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
