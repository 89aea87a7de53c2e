using System.Security.Cryptography;

namespace FluxMirror.Registry.Model;

/// <summary>
/// Content digests in the only algorithm OCI registries are required to support: <c>sha256:&lt;64 lowercase hex&gt;</c>.
/// </summary>
public static class Digest
{
    public const string Sha256Prefix = "sha256:";

    public static string Compute(ReadOnlySpan<byte> content) =>
        Sha256Prefix + Convert.ToHexStringLower(SHA256.HashData(content));

    public static string FromHash(ReadOnlySpan<byte> sha256Hash) =>
        Sha256Prefix + Convert.ToHexStringLower(sha256Hash);

    /// <summary>True for a well-formed sha256 digest (lowercase hex, as the distribution grammar requires).</summary>
    public static bool IsValid(string? digest)
    {
        if (digest is null || digest.Length != Sha256Prefix.Length + 64 || !digest.StartsWith(Sha256Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in digest.AsSpan(Sha256Prefix.Length))
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws <see cref="ArgumentException"/> with a one-line message unless <paramref name="digest"/> is valid.</summary>
    public static string Validate(string digest)
    {
        if (!IsValid(digest))
        {
            throw new ArgumentException($"invalid digest \"{digest}\": want sha256:<64 lowercase hex>", nameof(digest));
        }

        return digest;
    }

    /// <summary>A manifest reference is a digest when it carries an algorithm prefix (tags cannot contain ':').</summary>
    public static bool IsDigestReference(string reference) => reference.Contains(':', StringComparison.Ordinal);

    /// <summary>The hex part of a validated digest.</summary>
    public static string Hex(string digest) => Validate(digest)[Sha256Prefix.Length..];

    /// <summary>The OCI referrers tag schema name: the digest with its first ':' replaced by '-'.</summary>
    public static string ReferrersFallbackTag(string digest) => "sha256-" + Hex(digest);
}
