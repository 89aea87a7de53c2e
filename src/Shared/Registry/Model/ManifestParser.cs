using System.Text.Json;

namespace FluxMirror.Registry.Model;

/// <summary>Tolerant reader for OCI/Docker manifests and indexes (System.Text.Json DOM, unknown fields ignored).</summary>
internal static class ManifestParser
{
    public static ParsedManifest Parse(byte[] bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"manifest is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("manifest is not a JSON object");
            }

            var layers = ReadDescriptors(root, "layers");
            if (layers.Count == 0)
            {
                // The OCI 1.1-rc artifact manifest called its layers "blobs".
                layers = ReadDescriptors(root, "blobs");
            }

            return new ParsedManifest(
                SchemaVersion: root.TryGetProperty("schemaVersion", out var sv) && sv.ValueKind == JsonValueKind.Number ? sv.GetInt32() : 0,
                MediaType: GetString(root, "mediaType"),
                ArtifactType: GetString(root, "artifactType"),
                Config: ReadOptionalDescriptor(root, "config"),
                Layers: layers,
                Manifests: ReadDescriptors(root, "manifests"),
                Subject: ReadOptionalDescriptor(root, "subject"),
                Annotations: ReadAnnotations(root));
        }
    }

    /// <summary>Guesses the media type of a manifest served without a usable Content-Type.</summary>
    public static string SniffMediaType(byte[] bytes)
    {
        var parsed = Parse(bytes);
        if (!string.IsNullOrEmpty(parsed.MediaType))
        {
            return parsed.MediaType;
        }

        return parsed.Manifests.Count > 0 ? MediaTypes.OciIndex : MediaTypes.OciManifest;
    }

    public static Descriptor ReadDescriptor(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("descriptor is not a JSON object");
        }

        var digest = GetString(element, "digest") ?? throw new FormatException("descriptor has no digest");
        if (!Digest.IsValid(digest))
        {
            throw new FormatException($"descriptor has an unsupported digest \"{digest}\"");
        }

        return new Descriptor(
            MediaType: GetString(element, "mediaType") ?? string.Empty,
            Digest: digest,
            Size: element.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : 0,
            ArtifactType: GetString(element, "artifactType"),
            Platform: ReadPlatform(element),
            Annotations: ReadAnnotations(element));
    }

    private static Descriptor? ReadOptionalDescriptor(JsonElement root, string name) =>
        root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Object ? ReadDescriptor(element) : null;

    private static IReadOnlyList<Descriptor> ReadDescriptors(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return array.EnumerateArray().Select(ReadDescriptor).ToArray();
    }

    private static Platform? ReadPlatform(JsonElement descriptor)
    {
        if (!descriptor.TryGetProperty("platform", out var p) || p.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        IReadOnlyList<string>? features = p.TryGetProperty("os.features", out var f) && f.ValueKind == JsonValueKind.Array
            ? f.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray()
            : null;
        return new Platform(
            GetString(p, "architecture") ?? string.Empty,
            GetString(p, "os") ?? string.Empty,
            GetString(p, "variant"),
            GetString(p, "os.version"),
            features);
    }

    private static IReadOnlyDictionary<string, string>? ReadAnnotations(JsonElement element)
    {
        if (!element.TryGetProperty("annotations", out var a) || a.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in a.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                result[property.Name] = property.Value.GetString()!;
            }
        }

        return result;
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
