using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Sigstore;

/// <summary>
/// Pushes a cosign tag-based signature: an OCI image manifest at <c>sha256-&lt;hex&gt;.sig</c> in the signed image's
/// repository, one <c>application/vnd.dev.cosign.simplesigning.v1+json</c> layer per signature (the payload, with the
/// signature, certificate, chain and Rekor bundle as layer annotations) and the image config cosign's empty image has.
/// </summary>
public static class LegacySignatureManifest
{
    public const string SimpleSigningMediaType = "application/vnd.dev.cosign.simplesigning.v1+json";

    public static string Tag(string signedDigest) => "sha256-" + Digests.Hex(signedDigest) + ".sig";

    public static Task<SeededImage> PushAsync(
        RegistrySeeder registry, string repository, string signedDigest, IReadOnlyList<LegacySignatureLayer> layers, CancellationToken ct = default)
    {
        var config = ImageDocuments.Serialize(new JsonObject
        {
            ["architecture"] = "",
            ["created"] = "0001-01-01T00:00:00Z",
            ["history"] = new JsonArray(layers.Select(_ => (JsonNode)new JsonObject { ["created"] = "0001-01-01T00:00:00Z" }).ToArray()),
            ["os"] = "",
            ["rootfs"] = new JsonObject
            {
                ["type"] = "layers",
                ["diff_ids"] = new JsonArray(layers.Select(l => (JsonNode)Digests.Sha256(l.Payload)!).ToArray()),
            },
            ["config"] = new JsonObject(),
        });
        (byte[], string)[] blobs = [(config, RegistryMediaTypes.OciConfig), .. layers.Select(l => (l.Payload, SimpleSigningMediaType))];
        return registry.PushManifestAsync(repository, Tag(signedDigest), pushed => Manifest(pushed, layers), RegistryMediaTypes.OciManifest, blobs, ct);
    }

    private static byte[] Manifest(IReadOnlyList<BlobRef> pushed, IReadOnlyList<LegacySignatureLayer> layers)
    {
        var layerNodes = pushed.Skip(1).Select((blob, i) =>
        {
            var node = ImageDocuments.Descriptor(blob);
            var annotations = new JsonObject();
            foreach (var (key, value) in layers[i].Annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
                annotations[key] = value;
            node["annotations"] = annotations;
            return (JsonNode)node;
        });
        return ImageDocuments.Serialize(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = RegistryMediaTypes.OciManifest,
            ["config"] = ImageDocuments.Descriptor(pushed[0]),
            ["layers"] = new JsonArray([.. layerNodes]),
        });
    }
}
