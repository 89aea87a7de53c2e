using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// A Rekor v1 checkpoint (signed tree head) in signed-note form:
/// <c>origin\nsize\nbase64(root hash)\n[other lines\n]\n— name base64(keyHint || signature)\n…</c>.
/// Parsing and verification follow rekor's <c>pkg/util</c> (SignedNote, Checkpoint) and use its error texts.
/// </summary>
/// <param name="Note">The signed text: everything before the blank line, with its final newline.</param>
public sealed record SignedCheckpoint(string Note, string Origin, ulong Size, byte[] RootHash, IReadOnlyList<string> OtherContent,
    IReadOnlyList<CheckpointSignature> Signatures)
{
    private const char EmDash = '\u2014';

    /// <exception cref="FormatException">The note or the checkpoint in it is malformed (rekor's texts, as
    /// <c>unmarshalling signed note: …</c> or <c>unmarshalling checkpoint: …</c>).</exception>
    public static SignedCheckpoint Parse(string envelope)
    {
        var (note, signatures) = ParseNote(envelope);
        var lines = note.Split('\n');
        if (lines.Length < 4)
        {
            throw CheckpointError("invalid checkpoint - too few newlines");
        }
        if (lines[0].Length == 0)
        {
            throw CheckpointError("invalid checkpoint - empty ecosystem");
        }
        if (!IsDecimal(lines[1]) || !ulong.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw CheckpointError($"invalid checkpoint - size invalid: strconv.ParseUint: parsing \"{lines[1]}\": invalid syntax");
        }
        var rootHash = DecodeBase64(lines[2]) ?? throw CheckpointError("invalid checkpoint - invalid hash: illegal base64 data");
        var other = lines.Skip(3).TakeWhile(line => line.Length > 0).ToArray();
        return new SignedCheckpoint(note, lines[0], size, rootHash, other, signatures);
    }

    /// <summary>The key hint a signed note carries for a key: the first 4 bytes of SHA-256(PKIX DER), big-endian.</summary>
    public static uint KeyHint(ReadOnlySpan<byte> publicKeyDer) => BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(publicKeyDer));

    /// <summary>
    /// True when every signature line names this log key by its hint and verifies over <see cref="Note"/>, as rekor's
    /// <c>SignedNote.Verify</c> decides (a line from another key fails the whole note).
    /// </summary>
    public bool IsSignedBy(TransparencyLogKey log)
    {
        if (Signatures.Count == 0)
        {
            return false;
        }
        var hint = KeyHint(log.PublicKeyDer);
        var message = Encoding.UTF8.GetBytes(Note);
        return Signatures.All(signature => signature.KeyHint == hint && TransparencyLogSignature.Verify(log, message, signature.Signature));
    }

    private static (string Note, IReadOnlyList<CheckpointSignature> Signatures) ParseNote(string envelope)
    {
        var split = envelope.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            throw NoteError("malformed note");
        }
        var note = envelope[..(split + 1)];
        var block = envelope[(split + 2)..];
        if (block.Length == 0 || block[^1] != '\n')
        {
            throw NoteError("malformed note");
        }

        var signatures = new List<CheckpointSignature>();
        foreach (var line in block[..^1].Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3 || fields[0] != EmDash.ToString())
            {
                throw NoteError("parsing signature: input does not match format");
            }
            var bytes = DecodeBase64(fields[2]) ?? throw NoteError("decoding signature: illegal base64 data");
            if (bytes.Length < 5)
            {
                throw NoteError("signature is too small");
            }
            signatures.Add(new CheckpointSignature(fields[1], BinaryPrimitives.ReadUInt32BigEndian(bytes), bytes[4..]));
        }
        if (signatures.Count == 0)
        {
            throw NoteError("no signatures found in input");
        }
        return (note, signatures);
    }

    private static bool IsDecimal(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    private static byte[]? DecodeBase64(string s)
    {
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static FormatException NoteError(string reason) => new($"unmarshalling signed note: {reason}");

    private static FormatException CheckpointError(string reason) => new($"unmarshalling checkpoint: {reason}");
}
