using System.Security.Cryptography;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>sha256 digests in the registry's "sha256:&lt;hex&gt;" spelling.</summary>
public static class Digests
{
    public static string Sha256(ReadOnlySpan<byte> content) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    public static async Task<string> Sha256Async(Stream content, CancellationToken ct = default) =>
        "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(content, ct));

    /// <summary>The hex part, as used in storage paths and referrers fallback tags.</summary>
    public static string Hex(string digest) =>
        digest.StartsWith("sha256:", StringComparison.Ordinal)
            ? digest["sha256:".Length..]
            : throw new ArgumentException($"not a sha256 digest: {digest}", nameof(digest));
}
