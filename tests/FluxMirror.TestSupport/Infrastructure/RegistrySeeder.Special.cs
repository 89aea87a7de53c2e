using System.Text.Json.Nodes;
using FluxMirror.Registry.Model;

namespace FluxMirror.TestSupport.Infrastructure;

// Artifacts, big images and fault injection: the less common seeding paths.
public sealed partial class RegistrySeeder
{
    private const int StreamBufferSize = 1 << 20;

    /// <summary>
    /// Pushes an OCI artifact: image manifest with <paramref name="artifactType"/>, the empty config "{}",
    /// one layer holding <paramref name="content"/>, and an optional <c>subject</c>. With a subject, the
    /// referrers fallback tag <c>sha256-&lt;hex&gt;</c> is updated too, since distribution 2.8 has no referrers API
    /// (unless <see cref="RegistryListsReferrers"/>).
    /// </summary>
    public async Task<SeededImage> PushArtifactAsync(
        string repository, string tag, string artifactType, byte[] content, string? subjectDigest = null,
        string layerMediaType = "application/octet-stream", IReadOnlyDictionary<string, string>? annotations = null,
        CancellationToken ct = default)
    {
        var config = await PushBytesAsync(repository, ImageDocuments.EmptyJson, RegistryMediaTypes.OciEmpty, ct);
        var layer = await PushBytesAsync(repository, content, layerMediaType, ct);
        var subject = subjectDigest is null ? null : await DescribeManifestAsync(repository, subjectDigest, ct);
        var manifest = ImageDocuments.Manifest(RegistryMediaTypes.OciManifest, config, [layer], artifactType, subject, annotations);
        var artifact = await PutImageManifestAsync(repository, tag, manifest, RegistryMediaTypes.OciManifest, [config, layer], ct);
        if (subjectDigest is not null && !RegistryListsReferrers)
            await AddToReferrersFallbackAsync(repository, subjectDigest, artifact, artifactType, ct);
        return artifact;
    }

    /// <summary>
    /// Pushes <paramref name="blobs"/>, then <paramref name="manifest"/> (built by the caller around their descriptors)
    /// at <paramref name="reference"/>: for documents the other methods do not shape, such as cosign's <c>.sig</c>.
    /// </summary>
    public async Task<SeededImage> PushManifestAsync(
        string repository, string reference, Func<IReadOnlyList<BlobRef>, byte[]> manifest, string mediaType,
        IReadOnlyList<(byte[] Bytes, string MediaType)> blobs, CancellationToken ct = default)
    {
        var pushed = new List<BlobRef>(blobs.Count);
        foreach (var (bytes, blobMediaType) in blobs)
            pushed.Add(await PushBytesAsync(repository, bytes, blobMediaType, ct));
        return await PutImageManifestAsync(repository, reference, manifest(pushed), mediaType, pushed, ct);
    }

    /// <summary>
    /// Pushes a one-layer OCI image whose layer is gzip (stored blocks) around <paramref name="layerBytes"/> of
    /// pseudo-random data, generated twice (hash, then upload while sending) so a GiB never sits in memory.
    /// </summary>
    public async Task<SeededImage> PushBigImageAsync(string repository, string tag, long layerBytes, CancellationToken ct = default)
    {
        var seed = SeedFrom(null);
        var measured = await GzipLayer.MeasureAsync(seed, layerBytes, ct);
        var layer = new BlobRef(measured.Digest, measured.Size, RegistryMediaTypes.OciLayer);
        using (var content = GzipLayer.Content(seed, layerBytes, measured.Size))
            await _api.UploadBlobAsync(repository, layer.Digest, content, ct);
        var config = await PushBytesAsync(
            repository, ImageDocuments.Config(ImagePlatform.LinuxAmd64, [measured.DiffId]), RegistryMediaTypes.OciConfig, ct);
        var manifest = ImageDocuments.Manifest(RegistryMediaTypes.OciManifest, config, [layer]);
        return await PutImageManifestAsync(repository, tag, manifest, RegistryMediaTypes.OciManifest, [config, layer], ct)
            with
        { Platform = ImagePlatform.LinuxAmd64.ToString() };
    }

    /// <summary>
    /// Overwrites the blob's data file in the registry storage with different bytes of the same length,
    /// so the registry serves content that no longer matches its digest.
    /// </summary>
    public async Task CorruptBlobAsync(string digest, CancellationToken ct = default)
    {
        var hex = Digests.Hex(digest);
        var storage = _dataDirectory ?? throw new InvalidOperationException("corrupting blobs needs the registry's data directory");
        var path = Path.Combine(storage, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
        await using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, StreamBufferSize, useAsync: true);
        var buffer = new byte[StreamBufferSize];
        for (long offset = 0; offset < file.Length; offset += buffer.Length)
        {
            file.Position = offset;
            var read = await file.ReadAsync(buffer, ct);
            // Inverting every byte guarantees a difference at every position, even for zero-filled blobs.
            for (var i = 0; i < read; i++)
                buffer[i] = (byte)~buffer[i];
            file.Position = offset;
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }
    }

    private async Task<BlobRef> DescribeManifestAsync(string repository, string digest, CancellationToken ct)
    {
        var manifest = await _api.GetManifestAsync(repository, digest, ct)
            ?? throw new InvalidOperationException($"subject {repository}@{digest} not found");
        return new BlobRef(digest, manifest.Bytes.Length, manifest.MediaType);
    }

    /// <summary>The OCI 1.1 "referrers tag schema": an index at sha256-&lt;hex&gt; listing the subject's referrers.</summary>
    private async Task AddToReferrersFallbackAsync(
        string repository, string subjectDigest, SeededImage artifact, string artifactType, CancellationToken ct)
    {
        var fallbackTag = "sha256-" + Digests.Hex(subjectDigest);
        var existing = await _api.GetManifestAsync(repository, fallbackTag, ct);
        var index = existing is null
            ? new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = RegistryMediaTypes.OciIndex, ["manifests"] = new JsonArray() }
            : JsonNode.Parse(existing.Value.Bytes)!.AsObject();
        var descriptor = ImageDocuments.Descriptor(
            new BlobRef(artifact.Digest, artifact.ManifestBytes.Length, artifact.MediaType), artifactType);
        index["manifests"]!.AsArray().Add(descriptor);
        await _api.PutManifestAsync(repository, fallbackTag, ImageDocuments.Serialize(index), RegistryMediaTypes.OciIndex, ct);
    }

    /// <summary>
    /// Pushes a referrer the way cosign does: an OCI artifact manifest with <paramref name="artifactType"/>, the empty
    /// config, the given layers and a <c>subject</c>, by digest (no tag), then lists it in the subject's referrers
    /// fallback tag (unless the registry lists referrers itself).
    /// </summary>
    public async Task<SeededImage> PushReferrerAsync(
        string repository, string subjectDigest, string artifactType, IReadOnlyList<(byte[] Content, string MediaType)> layers,
        CancellationToken ct = default)
    {
        var config = await PushBytesAsync(repository, ImageDocuments.EmptyJson, RegistryMediaTypes.OciEmpty, ct);
        var layerBlobs = new List<BlobRef>(layers.Count);
        foreach (var (content, mediaType) in layers)
            layerBlobs.Add(await PushBytesAsync(repository, content, mediaType, ct));
        var subject = await DescribeManifestAsync(repository, subjectDigest, ct);
        var manifest = ImageDocuments.Manifest(RegistryMediaTypes.OciManifest, config, layerBlobs, artifactType, subject);
        var referrer = await PutImageManifestAsync(repository, null, manifest, RegistryMediaTypes.OciManifest, [config, .. layerBlobs], ct);
        if (!RegistryListsReferrers)
            await AddToReferrersFallbackAsync(repository, subjectDigest, referrer, artifactType, ct);
        return referrer;
    }
}
