using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>
/// Where a job's Sigstore trust comes from. With <see cref="TrustedRootJson"/> (air-gapped or private Sigstore, from
/// <c>--sigstore-trusted-root</c>) it is used as is and nothing is fetched. Otherwise the trusted root is fetched
/// through TUF: the public-good repository by default, or <see cref="TufUrl"/> bootstrapped from
/// <see cref="TufInitialRoot"/> (a private repository's root.json).
/// </summary>
/// <remarks>On the wire (a job's options) only the trust travels, each field left out when null; the TUF cache directory
/// belongs to the node that plans and is never sent.</remarks>
public sealed record SigstoreOptions(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] byte[]? TrustedRootJson = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Uri? TufUrl = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] byte[]? TufInitialRoot = null,
    [property: JsonIgnore] string? TufCacheDirectory = null)
{
    public static SigstoreOptions Default { get; } = new();

    /// <summary>Identifies the trust (not the cache directory): sha256 over the three sources, each length-prefixed.</summary>
    public string Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in new[] { TrustedRootJson, TufUrl is null ? null : Encoding.UTF8.GetBytes(TufUrl.AbsoluteUri), TufInitialRoot })
        {
            hash.AppendData(BitConverter.GetBytes(part?.Length ?? -1));
            hash.AppendData(part ?? []);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    /// <summary>The TUF cache of this node: <c>$XDG_CACHE_HOME/flux-mirror/tuf</c>, else <c>~/.cache/flux-mirror/tuf</c>.</summary>
    public static string DefaultTufCacheDirectory(Func<string, string?> getEnv)
    {
        var xdg = getEnv("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "flux-mirror", "tuf");
    }
}
