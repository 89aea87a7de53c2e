using System.Buffers.Binary;
using System.Formats.Asn1;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// One RFC 6962 §3.2 SCT as carried in a certificate's SCT list extension (TLS presentation language encoding).
/// </summary>
/// <param name="Timestamp">Milliseconds since the Unix epoch.</param>
/// <param name="HashAlgorithm">TLS HashAlgorithm (4 = sha256).</param>
/// <param name="SignatureAlgorithm">TLS SignatureAlgorithm (1 = rsa, 3 = ecdsa).</param>
internal sealed record SignedCertificateTimestamp(
    byte Version,
    byte[] LogId,
    ulong Timestamp,
    byte[] Extensions,
    byte HashAlgorithm,
    byte SignatureAlgorithm,
    byte[] Signature)
{
    public const byte Sha256 = 4;
    public const byte Rsa = 1;
    public const byte Ecdsa = 3;

    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds((long)Timestamp);

    /// <summary>Reads the extension value: a DER OCTET STRING holding a TLS <c>SignedCertificateTimestampList</c>.</summary>
    /// <exception cref="FormatException">The value is not such a list.</exception>
    public static IReadOnlyList<SignedCertificateTimestamp> ParseList(byte[] extensionValue)
    {
        byte[] list;
        try
        {
            var reader = new AsnReader(extensionValue, AsnEncodingRules.DER);
            list = reader.ReadOctetString();
            reader.ThrowIfNotEmpty();
        }
        catch (AsnContentException ex)
        {
            throw new FormatException($"failed to parse SCT list: {ex.Message}", ex);
        }

        var input = new TlsReader(list);
        var entries = new TlsReader(input.Vector(2));
        input.End();
        var scts = new List<SignedCertificateTimestamp>();
        while (!entries.IsEmpty)
        {
            var sct = new TlsReader(entries.Vector(2));
            scts.Add(new SignedCertificateTimestamp(
                sct.Byte(),
                sct.Fixed(32),
                sct.UInt64(),
                sct.Vector(2),
                sct.Byte(),
                sct.Byte(),
                sct.Vector(2)));
            sct.End();
        }

        return scts;
    }

    /// <summary>TLS encoding of one SCT, the inverse of <see cref="ParseList"/>'s per-entry reading.</summary>
    public byte[] Serialize()
    {
        var bytes = new List<byte> { Version };
        bytes.AddRange(LogId);
        bytes.AddRange(BigEndian(Timestamp, 8));
        bytes.AddRange(BigEndian((ulong)Extensions.Length, 2));
        bytes.AddRange(Extensions);
        bytes.Add(HashAlgorithm);
        bytes.Add(SignatureAlgorithm);
        bytes.AddRange(BigEndian((ulong)Signature.Length, 2));
        bytes.AddRange(Signature);
        return [.. bytes];
    }

    /// <summary>
    /// RFC 6962 §3.2 <c>digitally-signed</c> input for a precertificate entry: version, signature type
    /// certificate_timestamp (0), timestamp, entry type precert_entry (1), issuer key hash, the 24-bit-length
    /// precertificate TBS, the 16-bit-length extensions.
    /// </summary>
    public static byte[] PrecertificateSignedData(byte version, ulong timestamp, byte[] issuerKeyHash, byte[] tbsCertificate, byte[] extensions)
    {
        var bytes = new List<byte>(tbsCertificate.Length + 64) { version, 0 };
        bytes.AddRange(BigEndian(timestamp, 8));
        bytes.AddRange(BigEndian(1, 2));
        bytes.AddRange(issuerKeyHash);
        bytes.AddRange(BigEndian((ulong)tbsCertificate.Length, 3));
        bytes.AddRange(tbsCertificate);
        bytes.AddRange(BigEndian((ulong)extensions.Length, 2));
        bytes.AddRange(extensions);
        return [.. bytes];
    }

    private static byte[] BigEndian(ulong value, int length)
    {
        var buffer = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, value);
        return buffer[(8 - length)..];
    }

    private sealed class TlsReader(byte[] data)
    {
        private int _offset;

        public bool IsEmpty => _offset == data.Length;

        public byte Byte() => Fixed(1)[0];

        public ulong UInt64() => BinaryPrimitives.ReadUInt64BigEndian(Fixed(8));

        public byte[] Vector(int lengthBytes)
        {
            ulong length = 0;
            foreach (var b in Fixed(lengthBytes))
            {
                length = (length << 8) | b;
            }

            return Fixed((int)length);
        }

        public byte[] Fixed(int length)
        {
            if (length > data.Length - _offset)
            {
                throw new FormatException("failed to parse SCT list: truncated data");
            }

            var value = data[_offset..(_offset + length)];
            _offset += length;
            return value;
        }

        public void End()
        {
            if (!IsEmpty)
            {
                throw new FormatException("failed to parse SCT list: trailing data");
            }
        }
    }
}
