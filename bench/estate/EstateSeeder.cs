using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Bench.Estate;

/// <summary>
/// Pushes the estate straight into the source registry (no proxy): one base layer whose bytes, and so digest, are the
/// same in every repository, and per image a config naming the image (so every config is unique) and two layers of its own.
/// Layers are real gzip (stored blocks, so the sizes stay what the shape says): skopeo sniffs layer content and would
/// compress a plain one on the way, changing every digest and spending its time in gzip rather than in copying.
/// </summary>
internal static class EstateSeeder
{
    private const int Parallelism = 8;

    public static async Task<SeededEstate> SeedAsync(RegistryProcess source, EstateShape shape, CancellationToken ct)
    {
        using var api = new RegistryApiClient(source.BaseUri, source.Username, source.Password);
        var basePayload = RandomNumberGenerator.GetBytes(EstateShape.BaseLayerBytes);
        var baseLayer = GzipLayer.Compress(basePayload);
        var baseRef = new SeededLayer(new BlobRef(Digests.Sha256(baseLayer), baseLayer.Length, RegistryMediaTypes.OciLayer), Digests.Sha256(basePayload));
        var digests = new ConcurrentDictionary<string, string>();
        long imageBytes = 0;

        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct };
        // The base layer first, once per repository: concurrent uploads of one blob into one repository can make the
        // registry answer 500 while it links the blob.
        await Parallel.ForEachAsync(shape.RepositoryNames, options, async (repository, token) => await UploadAsync(api, repository, baseLayer, token));
        var images = shape.RepositoryNames.SelectMany(r => shape.TagNames.Select(t => (Repository: r, Tag: t)));
        await Parallel.ForEachAsync(
            images,
            options,
            async (image, token) =>
            {
                var (digest, bytes) = await PushImageAsync(api, image.Repository, image.Tag, baseRef, token);
                digests[SeededEstate.Key(image.Repository, image.Tag)] = digest;
                Interlocked.Add(ref imageBytes, bytes);
            });

        return new SeededEstate(shape, digests, baseLayer.Length + imageBytes);
    }

    /// <summary>Pushes one image on top of the base layer; returns its manifest digest and the bytes unique to it (config, layers, manifest).</summary>
    private static async Task<(string Digest, long Bytes)> PushImageAsync(
        RegistryApiClient api, string repository, string tag, SeededLayer baseLayer, CancellationToken ct)
    {
        var layers = new List<SeededLayer> { baseLayer };
        for (var i = 0; i < EstateShape.UniqueLayers; i++)
        {
            var payload = RandomNumberGenerator.GetBytes(EstateShape.UniqueLayerBytes);
            layers.Add(new SeededLayer(await UploadAsync(api, repository, GzipLayer.Compress(payload), ct), Digests.Sha256(payload)));
        }

        var config = ImageDocuments.Serialize(new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = new JsonObject { ["Labels"] = new JsonObject { ["estate.image"] = $"{repository}:{tag}" } },
            ["rootfs"] = new JsonObject
            {
                ["type"] = "layers",
                ["diff_ids"] = new JsonArray([.. layers.Select(l => (JsonNode)l.DiffId!)]),
            },
        });
        var configRef = await UploadAsync(api, repository, config, ct) with { MediaType = RegistryMediaTypes.OciConfig };
        var manifest = ImageDocuments.Manifest(RegistryMediaTypes.OciManifest, configRef, layers.Select(l => l.Blob));
        var digest = await api.PutManifestAsync(repository, tag, manifest, RegistryMediaTypes.OciManifest, ct);
        return (digest, configRef.Size + layers.Skip(1).Sum(l => l.Blob.Size) + manifest.Length);
    }

    private static async Task<BlobRef> UploadAsync(RegistryApiClient api, string repository, byte[] bytes, CancellationToken ct)
    {
        var blob = new BlobRef(Digests.Sha256(bytes), bytes.Length, RegistryMediaTypes.OciLayer);
        using var content = new ByteArrayContent(bytes);
        await api.UploadBlobAsync(repository, blob.Digest, content, ct);
        return blob;
    }
}
