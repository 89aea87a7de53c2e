using System.Text.Json;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>
/// Cosign's simple-signing payload, the document a tag-based signature signs:
/// <c>{"critical":{"identity":{"docker-reference":…},"image":{"docker-manifest-digest":…},"type":…},"optional":…}</c>.
/// Only the critical part is read; <c>optional</c> carries free-form annotations nobody here relies on.
/// </summary>
public sealed record SimpleSigningPayload(string? DockerReference, string? DockerManifestDigest, string? Type)
{
    public const string CosignSignatureType = "cosign container image signature";

    /// <exception cref="FormatException">Not JSON, or not shaped like a simple-signing payload.</exception>
    public static SimpleSigningPayload Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("critical", out var critical) || critical.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("no \"critical\" object");
            }

            return new SimpleSigningPayload(
                String(critical, "identity", "docker-reference"),
                String(critical, "image", "docker-manifest-digest"),
                critical.TryGetProperty("type", out var type) ? StringValue(type, "type") : null);
        }
        catch (JsonException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    private static string? String(JsonElement critical, string section, string name)
    {
        if (!critical.TryGetProperty(section, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"\"critical.{section}\" is not an object");
        }

        return element.TryGetProperty(name, out var value) ? StringValue(value, $"{section}.{name}") : null;
    }

    private static string? StringValue(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw new FormatException($"\"critical.{path}\" is not a string"),
    };
}
