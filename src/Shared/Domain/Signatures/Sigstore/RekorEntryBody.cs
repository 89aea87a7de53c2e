using System.Text.Json;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// A Rekor v1 log entry body (<c>canonicalizedBody</c>), of the kinds cosign writes: <see cref="HashedRekordBody"/>
/// (hashedrekord 0.0.1) and <see cref="DsseEntryBody"/> (dsse 0.0.1). Switch on the subtype; the base offers what
/// sigstore-go's <c>tlog.Entry</c> compares against the bundle whatever the kind.
/// </summary>
public abstract record RekorEntryBody
{
    private protected RekorEntryBody()
    {
    }

    /// <summary>The entry kind, e.g. <c>hashedrekord</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>The entry's API version, e.g. <c>0.0.1</c>.</summary>
    public abstract string ApiVersion { get; }

    /// <summary>The signature the log recorded (for DSSE the first one, as sigstore-go's <c>Entry.Signature</c>).</summary>
    public abstract byte[] FirstSignature { get; }

    /// <summary>The PEM (certificate or public key) the log recorded with <see cref="FirstSignature"/>.</summary>
    public abstract byte[] FirstVerifierPem { get; }

    /// <exception cref="FormatException">Not JSON, another kind or version, or a required field missing or malformed.</exception>
    public static RekorEntryBody Parse(byte[] canonicalizedBody)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(canonicalizedBody);
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid entry body JSON: {e.Message}", e);
        }
        using (document)
        {
            var body = document.RootElement;
            if (body.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("entry body is not a JSON object");
            }
            var kind = RequiredString(body, "kind", "kind");
            var apiVersion = RequiredString(body, "apiVersion", "apiVersion");
            var spec = RequiredObject(body, "spec", "spec");
            return (kind, apiVersion) switch
            {
                (HashedRekordBody.KindName, HashedRekordBody.Version) => HashedRekordBody.FromSpec(spec),
                (DsseEntryBody.KindName, DsseEntryBody.Version) => DsseEntryBody.FromSpec(spec),
                (HashedRekordBody.KindName or DsseEntryBody.KindName, _) => throw new FormatException($"{kind} entry has unsupported apiVersion {apiVersion}"),
                _ => throw new FormatException($"unsupported entry kind {kind} {apiVersion}"),
            };
        }
    }

    internal static JsonElement RequiredObject(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw Required(path);

    internal static string RequiredString(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw Required(path);

    internal static byte[] RequiredBase64(JsonElement parent, string name, string path)
    {
        var text = RequiredString(parent, name, path);
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path} in body must be of type byte: \"{text}\"", e);
        }
    }

    internal static string RequiredHex(JsonElement parent, string name, string path, int length)
    {
        var text = RequiredString(parent, name, path);
        return text.Length == length && text.All(char.IsAsciiHexDigit)
            ? text.ToLowerInvariant()
            : throw new FormatException($"{path} in body should be {length} hexadecimal characters");
    }

    // go-openapi's wording for a missing required field.
    private static FormatException Required(string path) => new($"{path} in body is required");
}
