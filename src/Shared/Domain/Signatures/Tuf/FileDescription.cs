using System.Security.Cryptography;
using System.Text.Json;

namespace FluxMirror.Domain.Signatures.Tuf;

/// <summary>
/// What signed metadata says about another file: its version (for the <c>meta</c> entries of timestamp and snapshot),
/// its length and hashes (required for targets, optional for metadata).
/// </summary>
internal sealed record FileDescription(long? Version, long? Length, IReadOnlyDictionary<string, string> Hashes)
{
    public static FileDescription Parse(JsonElement entry) =>
        new(TufJson.OptionalInt64(entry, "version"), TufJson.OptionalInt64(entry, "length"), TufJson.Hashes(entry));

    public string? Sha256 => Hashes.GetValueOrDefault("sha256");

    /// <summary>Whether <paramref name="content"/> has the described length and every described sha256/sha512 hash.</summary>
    public bool Matches(byte[] content) => Mismatch(content) is null;

    /// <exception cref="TufException"><c>&lt;name&gt;: length 12 does not match the expected 10</c> or <c>&lt;name&gt;: hash mismatch</c>.</exception>
    public void RequireMatch(string name, byte[] content)
    {
        if (Mismatch(content) is { } reason)
        {
            throw new TufException($"{name}: {reason}");
        }
    }

    private string? Mismatch(byte[] content)
    {
        if (Length is { } length && content.LongLength != length)
        {
            return $"length {content.LongLength} does not match the expected {length}";
        }

        foreach (var (algorithm, expected) in Hashes)
        {
            var actual = algorithm switch
            {
                "sha256" => SHA256.HashData(content),
                "sha512" => SHA512.HashData(content),
                _ => null,
            };
            if (actual is not null && Convert.ToHexStringLower(actual) != expected)
            {
                return "hash mismatch";
            }
        }

        return null;
    }
}
