using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxMirror.Registry.Model;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>Builds the JSON documents the seeder pushes. Compact, no timestamps: same input, same digest.</summary>
public static class ImageDocuments
{
    /// <summary>The canonical OCI empty blob, "{}".</summary>
    public static readonly byte[] EmptyJson = "{}"u8.ToArray();

    public static byte[] Config(ImagePlatform platform, IEnumerable<string> diffIds)
    {
        var config = new JsonObject
        {
            ["architecture"] = platform.Architecture,
            ["os"] = platform.Os,
            ["config"] = new JsonObject(),
            ["rootfs"] = new JsonObject
            {
                ["type"] = "layers",
                ["diff_ids"] = new JsonArray(diffIds.Select(d => (JsonNode)d!).ToArray()),
            },
        };
        if (platform.Variant is not null)
            config["variant"] = platform.Variant;
        return Serialize(config);
    }

    public static byte[] Manifest(
        string mediaType, BlobRef config, IEnumerable<BlobRef> layers,
        string? artifactType = null, BlobRef? subject = null, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = mediaType,
        };
        if (artifactType is not null)
            manifest["artifactType"] = artifactType;
        manifest["config"] = Descriptor(config);
        manifest["layers"] = new JsonArray(layers.Select(l => (JsonNode)Descriptor(l)).ToArray());
        if (subject is not null)
            manifest["subject"] = Descriptor(subject);
        if (annotations is { Count: > 0 })
            manifest["annotations"] = Annotations(annotations);
        return Serialize(manifest);
    }

    public static byte[] Index(string mediaType, IEnumerable<SeededImage> children) =>
        Serialize(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = mediaType,
            ["manifests"] = new JsonArray(children.Select(c => (JsonNode)ChildDescriptor(c)).ToArray()),
        });

    /// <summary>A descriptor entry as found in an OCI index (used for referrers fallback tags).</summary>
    public static JsonObject Descriptor(BlobRef blob, string? artifactType = null)
    {
        var descriptor = new JsonObject
        {
            ["mediaType"] = blob.MediaType,
            ["digest"] = blob.Digest,
            ["size"] = blob.Size,
        };
        if (artifactType is not null)
            descriptor["artifactType"] = artifactType;
        return descriptor;
    }

    // Relaxed escaping keeps "+json" literal, as every real registry client writes it (the default emits \u002B).
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Serialize(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Compact);

    private static JsonObject ChildDescriptor(SeededImage child)
    {
        var descriptor = Descriptor(new BlobRef(child.Digest, child.ManifestBytes.Length, child.MediaType));
        if (child.Platform is not null)
        {
            var platform = ImagePlatform.Parse(child.Platform);
            var node = new JsonObject { ["architecture"] = platform.Architecture, ["os"] = platform.Os };
            if (platform.Variant is not null)
                node["variant"] = platform.Variant;
            descriptor["platform"] = node;
        }
        return descriptor;
    }

    private static JsonObject Annotations(IReadOnlyDictionary<string, string> annotations)
    {
        var node = new JsonObject();
        foreach (var (key, value) in annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
            node[key] = value;
        return node;
    }
}
