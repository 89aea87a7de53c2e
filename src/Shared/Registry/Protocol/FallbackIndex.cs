using System.Text.Json;
using System.Text.Json.Nodes;
using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Protocol;

/// <summary>
/// The referrers tag schema index (<c>sha256-&lt;hex&gt;</c>): merging one descriptor in keeps every descriptor
/// already listed (other clients' referrers included) and sorts them by digest, so the same set always gives the
/// same bytes and the same digest.
/// </summary>
internal static class FallbackIndex
{
    // Compact, and without escaping '+' in media types (as Go's encoder writes them).
    private static readonly JsonSerializerOptions CompactJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The index with <paramref name="descriptor"/> added, or null when <paramref name="existing"/> already lists it.</summary>
    public static ManifestBlob? Merge(ManifestBlob? existing, JsonObject descriptor)
    {
        var index = existing is { IsIndex: true } ? JsonNode.Parse(existing.Bytes)!.AsObject() : NewIndex();
        var entries = Entries(index).Select(e => e.DeepClone()).ToList();
        var digest = (string?)descriptor["digest"];
        if (entries.Any(e => (string?)e["digest"] == digest))
        {
            return null;
        }

        entries.Add(descriptor.DeepClone());
        index["manifests"] = new JsonArray(entries.OrderBy(e => (string?)e["digest"], StringComparer.Ordinal).ToArray());
        return ManifestBlob.FromBytes(JsonSerializer.SerializeToUtf8Bytes(index, CompactJson), MediaTypes.OciIndex);
    }

    /// <summary>True when <paramref name="index"/> lists <paramref name="digest"/>.</summary>
    public static bool Lists(ManifestBlob? index, string digest) =>
        index is { IsIndex: true } && Entries(JsonNode.Parse(index.Bytes)!.AsObject()).Any(e => (string?)e["digest"] == digest);

    private static IEnumerable<JsonNode> Entries(JsonObject index) =>
        (index["manifests"] as JsonArray)?.Where(n => n is not null).Select(n => n!) ?? [];

    private static JsonObject NewIndex() => new()
    {
        ["schemaVersion"] = 2,
        ["mediaType"] = MediaTypes.OciIndex,
        ["manifests"] = new JsonArray(),
    };
}
