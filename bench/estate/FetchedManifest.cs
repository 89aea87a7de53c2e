using System.Text.Json;

namespace FluxMirror.Bench.Estate;

/// <summary>A source manifest as served: exact bytes (pushed unchanged), media type and digest.</summary>
internal sealed record FetchedManifest(byte[] Bytes, string MediaType, string Digest)
{
    /// <summary>Config and layers of an image manifest. The estate holds images only, so an index is refused, not half-copied.</summary>
    public IReadOnlyList<BlobDescriptor> Blobs()
    {
        using var document = JsonDocument.Parse(Bytes);
        var root = document.RootElement;
        if (root.TryGetProperty("manifests", out _))
        {
            throw new NotSupportedException($"{Digest} is an index; the floor copier copies image manifests only");
        }

        var descriptors = new List<JsonElement> { root.GetProperty("config") };
        if (root.TryGetProperty("layers", out var layers))
        {
            descriptors.AddRange(layers.EnumerateArray());
        }

        return [.. descriptors.Select(d => new BlobDescriptor(d.GetProperty("digest").GetString()!, d.GetProperty("size").GetInt64()))];
    }
}
