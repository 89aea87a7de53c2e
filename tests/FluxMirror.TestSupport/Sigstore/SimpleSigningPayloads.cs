using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Sigstore;

/// <summary>Cosign's simple-signing payload (what a legacy signature signs), as cosign writes it.</summary>
public static class SimpleSigningPayloads
{
    public const string CosignType = "cosign container image signature";

    public static byte[] Create(string dockerReference, string manifestDigest, string type = CosignType) =>
        ImageDocuments.Serialize(new JsonObject
        {
            ["critical"] = new JsonObject
            {
                ["identity"] = new JsonObject { ["docker-reference"] = dockerReference },
                ["image"] = new JsonObject { ["docker-manifest-digest"] = manifestDigest },
                ["type"] = type,
            },
            ["optional"] = null,
        });
}
