namespace FluxMirror.Domain.Signatures.Tuf;

/// <summary>
/// Where a TUF repository lives and what the client trusts before its first update.
/// </summary>
/// <param name="MetadataUrl">Base URL of the metadata files (<c>timestamp.json</c>, <c>&lt;n&gt;.root.json</c> …).</param>
/// <param name="TargetsUrl">Base URL of the target files.</param>
/// <param name="InitialRoot">The root.json trusted out of band (the trust anchor).</param>
/// <param name="CacheDirectory">Where trusted metadata and targets are kept between runs; null keeps nothing.</param>
public sealed record TufRepository(Uri MetadataUrl, Uri TargetsUrl, byte[] InitialRoot, string? CacheDirectory)
{
    /// <summary>Sigstore's public-good TUF repository (the CDN sigstore-go and cosign use).</summary>
    public static readonly Uri PublicGoodMetadataUrl = new("https://tuf-repo-cdn.sigstore.dev/");

    public static readonly Uri PublicGoodTargetsUrl = new("https://tuf-repo-cdn.sigstore.dev/targets/");

    // The embedded trust anchor is root.json version 13 of https://tuf-repo-cdn.sigstore.dev (expires
    // 2026-01-22, root threshold 3 of 5 ECDSA P-256 keys), as published by sigstore/root-signing
    // (metadata/root_history/13.root.json) and embedded by sigstore-js (packages/tuf/seeds.json). An expired anchor
    // is fine: the client walks the published 14.root.json, 15.root.json … from it, each signed by its predecessor.
    private const string PublicGoodRootResource = "FluxMirror.Domain.Signatures.Tuf.public-good-root.json";

    /// <summary>The public-good repository, starting from the root.json embedded in this assembly.</summary>
    public static TufRepository PublicGood(string? cacheDirectory) =>
        new(PublicGoodMetadataUrl, PublicGoodTargetsUrl, PublicGoodRoot(), cacheDirectory);

    internal static byte[] PublicGoodRoot()
    {
        using var stream = typeof(TufRepository).Assembly.GetManifestResourceStream(PublicGoodRootResource)
            ?? throw new InvalidOperationException($"embedded resource {PublicGoodRootResource} is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
