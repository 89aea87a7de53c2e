using System.Security.Cryptography;
using FluxMirror.Registry.Model;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// Puts known content into a registry (and reads it back) over the plain distribution API,
/// independent of the production OCI client so tests never grade the client with itself.
/// </summary>
public sealed partial class RegistrySeeder : IDisposable
{
    private readonly RegistryApiClient _api;
    private readonly string? _dataDirectory;

    /// <summary>
    /// The registry indexes referrers itself (OCI 1.1 referrers API): artifacts with a subject are pushed without
    /// writing the <c>sha256-&lt;hex&gt;</c> fallback tag.
    /// </summary>
    public bool RegistryListsReferrers { get; init; }

    public RegistrySeeder(RegistryProcess registry)
        : this(registry.BaseUri, registry.Username, registry.Password, registry.DataDirectory)
    {
    }

    /// <param name="dataDirectory">Storage root; only needed for <see cref="CorruptBlobAsync"/>.</param>
    public RegistrySeeder(Uri baseUri, string? username = null, string? password = null, string? dataDirectory = null)
    {
        _api = new RegistryApiClient(baseUri, username, password);
        _dataDirectory = dataDirectory;
    }

    /// <summary>
    /// Pushes an image with <paramref name="layers"/> layers, each a gzip (stored blocks) of
    /// <paramref name="layerSize"/> pseudo-random bytes, so the blob is slightly larger than layerSize. A <paramref name="seed"/> makes
    /// content (and so every digest) reproducible; without one every call yields fresh content.
    /// </summary>
    /// <param name="mediaTypeFamily">"oci" (default) or "docker" (schema 2).</param>
    /// <param name="platform">"os/arch[/variant]" written into the config; default linux/amd64.</param>
    public Task<SeededImage> PushImageAsync(
        string repository, string tag, int layers = 1, int layerSize = 2048, string? mediaTypeFamily = "oci",
        string? platform = null, byte[]? seed = null, CancellationToken ct = default) =>
        PushPlatformImageAsync(repository, tag, layers, layerSize, ParseFamily(mediaTypeFamily),
            platform is null ? ImagePlatform.LinuxAmd64 : ImagePlatform.Parse(platform), SeedFrom(seed), ct);

    /// <summary>Pushes one small image per platform (by digest), then an OCI index at <paramref name="tag"/>.</summary>
    public Task<SeededImage> PushIndexAsync(string repository, string tag, params string[] platforms) =>
        PushIndexAsync(repository, tag, platforms, "oci");

    /// <summary>As above; <paramref name="mediaTypeFamily"/> "docker" pushes a Docker manifest list instead.</summary>
    public async Task<SeededImage> PushIndexAsync(
        string repository, string tag, IReadOnlyList<string> platforms, string mediaTypeFamily = "oci", CancellationToken ct = default)
    {
        var family = ParseFamily(mediaTypeFamily);
        var children = new List<SeededImage>();
        foreach (var platform in platforms.Count == 0 ? ["linux/amd64", "linux/arm64"] : platforms)
        {
            var child = await PushPlatformImageAsync(
                repository, reference: null, layers: 1, layerSize: 1024, family, ImagePlatform.Parse(platform), SeedFrom(null), ct);
            children.Add(child);
        }
        var mediaType = family.IndexMediaType;
        var index = ImageDocuments.Index(mediaType, children);
        var digest = await _api.PutManifestAsync(repository, tag, index, mediaType, ct);
        return new SeededImage(repository, tag, digest, index, mediaType, []) { Children = children };
    }

    /// <summary>Re-pushes the manifest at <paramref name="digest"/> under <paramref name="newTag"/>, byte for byte.</summary>
    public async Task TagAsync(string repository, string digest, string newTag, CancellationToken ct = default)
    {
        var manifest = await _api.GetManifestAsync(repository, digest, ct)
            ?? throw new InvalidOperationException($"{repository}@{digest} not found");
        await _api.PutManifestAsync(repository, newTag, manifest.Bytes, manifest.MediaType, ct);
    }

    /// <summary>Digest of the manifest at a tag or digest (HEAD); null when there is none.</summary>
    public Task<string?> ManifestDigestAsync(string repository, string reference, CancellationToken ct = default) =>
        _api.HeadManifestAsync(repository, reference, ct);

    public Task<(byte[] Bytes, string MediaType)?> GetManifestAsync(string repository, string reference, CancellationToken ct = default) =>
        _api.GetManifestAsync(repository, reference, ct);

    /// <summary>Tags of the repository; empty when it does not exist.</summary>
    public Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken ct = default) =>
        _api.ListTagsAsync(repository, ct);

    public Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken ct = default) =>
        _api.BlobExistsAsync(repository, digest, ct);

    /// <summary>The blob as served, without verification (so corruption stays observable).</summary>
    public Task<byte[]> GetBlobAsync(string repository, string digest, CancellationToken ct = default) =>
        _api.GetBlobAsync(repository, digest, ct);

    public async Task<bool> RepositoryExistsAsync(string repository, CancellationToken ct = default) =>
        (await _api.ListRepositoriesAsync(ct)).Contains(repository, StringComparer.Ordinal);

    /// <summary>Unlinks the blob from the repository via the API (the registry has deletes enabled).</summary>
    public Task DeleteBlobAsync(string repository, string digest, CancellationToken ct = default) =>
        _api.DeleteBlobAsync(repository, digest, ct);

    public void Dispose() => _api.Dispose();

    private async Task<SeededImage> PushPlatformImageAsync(
        string repository, string? reference, int layers, int layerSize, MediaTypeFamily family,
        ImagePlatform platform, ulong seed, CancellationToken ct)
    {
        var layerBlobs = new List<BlobRef>();
        var diffIds = new List<string>();
        for (var i = 0; i < layers; i++)
        {
            var payload = DeterministicStream.Bytes(seed + (ulong)i, layerSize);
            diffIds.Add(Digests.Sha256(payload));
            layerBlobs.Add(await PushBytesAsync(repository, GzipLayer.Compress(payload), family.LayerMediaType, ct));
        }
        var config = await PushBytesAsync(repository, ImageDocuments.Config(platform, diffIds), family.ConfigMediaType, ct);
        var manifest = ImageDocuments.Manifest(family.ManifestMediaType, config, layerBlobs);
        return await PutImageManifestAsync(repository, reference, manifest, family.ManifestMediaType, [config, .. layerBlobs], ct)
            with
        { Platform = platform.ToString() };
    }

    private async Task<SeededImage> PutImageManifestAsync(
        string repository, string? reference, byte[] manifest, string mediaType, IReadOnlyList<BlobRef> blobs, CancellationToken ct)
    {
        var target = reference ?? Digests.Sha256(manifest);
        var digest = await _api.PutManifestAsync(repository, target, manifest, mediaType, ct);
        return new SeededImage(repository, target, digest, manifest, mediaType, blobs);
    }

    private async Task<BlobRef> PushBytesAsync(string repository, byte[] bytes, string mediaType, CancellationToken ct)
    {
        var blob = new BlobRef(Digests.Sha256(bytes), bytes.Length, mediaType);
        using var content = new ByteArrayContent(bytes);
        await _api.UploadBlobAsync(repository, blob.Digest, content, ct);
        return blob;
    }

    /// <summary>Seeded content is a pure function of the caller's bytes; otherwise fresh randomness.</summary>
    private static ulong SeedFrom(byte[]? seed) =>
        BitConverter.ToUInt64(seed is null ? RandomNumberGenerator.GetBytes(8) : SHA256.HashData(seed));

    private static MediaTypeFamily ParseFamily(string? family) => family?.ToLowerInvariant() switch
    {
        null or "oci" => MediaTypeFamily.Oci,
        "docker" => MediaTypeFamily.Docker,
        _ => throw new ArgumentException($"media type family must be 'oci' or 'docker', not '{family}'", nameof(family)),
    };
}
