using System.Text.Json;
using FluxMirror.Domain.Signatures.Sigstore;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>
/// The Rekor bundle cosign puts in a tag-based signature's <c>dev.sigstore.cosign/bundle</c> annotation:
/// <c>{"SignedEntryTimestamp": base64, "Payload": {"body": base64 canonical entry, "integratedTime", "logIndex",
/// "logID": hex}}</c>. It holds the log's promise (SET) only, never an inclusion proof.
/// </summary>
public sealed record RekorBundleAnnotation(byte[] SignedEntryTimestamp, byte[] Body, long IntegratedTime, long LogIndex, byte[] LogId)
{
    /// <exception cref="FormatException">Not the shape above (missing field, bad base64 or hex).</exception>
    public static RekorBundleAnnotation Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = Object(document.RootElement, "bundle");
            var payload = Object(Property(root, "Payload"), "Payload");
            return new RekorBundleAnnotation(
                Base64(Property(root, "SignedEntryTimestamp"), "SignedEntryTimestamp"),
                Base64(Property(payload, "body"), "Payload.body"),
                Number(Property(payload, "integratedTime"), "Payload.integratedTime"),
                Number(Property(payload, "logIndex"), "Payload.logIndex"),
                Hex(Property(payload, "logID"), "Payload.logID"));
        }
        catch (JsonException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    /// <summary>The log entry it describes, kind and version read from the body (<c>kind</c>, <c>apiVersion</c>).</summary>
    /// <exception cref="FormatException">The body is not a Rekor entry.</exception>
    public TlogEntry ToTlogEntry()
    {
        try
        {
            using var body = JsonDocument.Parse(Body);
            var root = Object(body.RootElement, "Payload.body");
            var kind = Property(root, "kind").GetString() ?? throw new FormatException("Payload.body has no kind");
            var version = Property(root, "apiVersion").GetString() ?? throw new FormatException("Payload.body has no apiVersion");
            return new TlogEntry(LogIndex, LogId, kind, version, IntegratedTime, SignedEntryTimestamp, null, Body);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new FormatException($"Payload.body: {ex.Message}", ex);
        }
    }

    private static JsonElement Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object ? element : throw new FormatException($"{name} is not an object");

    private static JsonElement Property(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : throw new FormatException($"missing {name}");

    private static long Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value) ? value : throw new FormatException($"{name} is not an integer");

    private static byte[] Base64(JsonElement element, string name)
    {
        try
        {
            return element.ValueKind == JsonValueKind.String ? Convert.FromBase64String(element.GetString()!) : throw new FormatException($"{name} is not a string");
        }
        catch (FormatException ex) when (element.ValueKind == JsonValueKind.String)
        {
            throw new FormatException($"{name} is not base64", ex);
        }
    }

    private static byte[] Hex(JsonElement element, string name)
    {
        try
        {
            return element.ValueKind == JsonValueKind.String ? Convert.FromHexString(element.GetString()!) : throw new FormatException($"{name} is not a string");
        }
        catch (FormatException ex) when (element.ValueKind == JsonValueKind.String)
        {
            throw new FormatException($"{name} is not hex", ex);
        }
    }
}
