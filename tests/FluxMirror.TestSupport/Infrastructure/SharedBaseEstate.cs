using System.Text;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// Repositories of images that all share one base layer (same bytes, same digest, pushed to every repository) and
/// each have their own config and top layer: the estate where a copier that moves each blob once shines.
/// </summary>
public sealed record SharedBaseEstate(BlobRef Base, IReadOnlyList<SeededImage> Images)
{
    /// <summary>Pushes <paramref name="repositories"/> × <paramref name="tags"/> images (tags 1.0.0, 1.1.0, …) under <paramref name="prefix"/>-1, -2, ….</summary>
    public static async Task<SharedBaseEstate> SeedAsync(
        RegistrySeeder seeder, string prefix, int repositories, int tags, int baseBytes, CancellationToken ct)
    {
        var baseLayer = RandomBytes(baseBytes);
        var images = new List<SeededImage>();
        BlobRef? shared = null;
        for (var r = 1; r <= repositories; r++)
        {
            for (var t = 0; t < tags; t++)
            {
                var repository = $"{prefix}-{r}";
                var tag = $"1.{t}.0";
                var config = Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux","config":{"Labels":{"image":"{{{repository}}}:{{{tag}}}"}},"rootfs":{"type":"layers","diff_ids":[]}}""");
                var image = await seeder.PushManifestAsync(
                    repository,
                    tag,
                    blobs => ImageDocuments.Manifest(RegistryMediaTypes.OciManifest, blobs[0], blobs.Skip(1)),
                    RegistryMediaTypes.OciManifest,
                    [(config, RegistryMediaTypes.OciConfig), (baseLayer, RegistryMediaTypes.OciLayer), (RandomBytes(2048), RegistryMediaTypes.OciLayer)],
                    ct);
                shared = image.Blobs[1];
                images.Add(image);
            }
        }

        return new SharedBaseEstate(shared!, images);
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
