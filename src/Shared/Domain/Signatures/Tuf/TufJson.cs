using System.Globalization;
using System.Text.Json;

namespace FluxMirror.Domain.Signatures.Tuf;

/// <summary>Required-field readers for TUF metadata; a missing or mistyped field is a <see cref="FormatException"/>.</summary>
internal static class TufJson
{
    public static JsonElement Property(JsonElement owner, string name, JsonValueKind kind)
    {
        if (owner.ValueKind != JsonValueKind.Object || !owner.TryGetProperty(name, out var value) || value.ValueKind != kind)
        {
            throw new FormatException($"missing or invalid \"{name}\"");
        }

        return value;
    }

    public static JsonElement? OptionalProperty(JsonElement owner, string name, JsonValueKind kind)
    {
        if (owner.ValueKind != JsonValueKind.Object || !owner.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == kind ? value : throw new FormatException($"invalid \"{name}\"");
    }

    public static string String(JsonElement owner, string name) => Property(owner, name, JsonValueKind.String).GetString()!;

    public static long Int64(JsonElement owner, string name) =>
        Property(owner, name, JsonValueKind.Number).TryGetInt64(out var value) && value >= 0
            ? value
            : throw new FormatException($"invalid \"{name}\"");

    public static long? OptionalInt64(JsonElement owner, string name) =>
        OptionalProperty(owner, name, JsonValueKind.Number) is { } value
            ? value.TryGetInt64(out var number) && number >= 0 ? number : throw new FormatException($"invalid \"{name}\"")
            : null;

    /// <summary>A <c>hashes</c> object: algorithm name to lower-case hex digest.</summary>
    public static IReadOnlyDictionary<string, string> Hashes(JsonElement owner)
    {
        if (OptionalProperty(owner, "hashes", JsonValueKind.Object) is not { } hashes)
        {
            return new Dictionary<string, string>();
        }

        return hashes.EnumerateObject().ToDictionary(
            h => h.Name,
            h => h.Value.ValueKind == JsonValueKind.String ? h.Value.GetString()!.ToLowerInvariant() : throw new FormatException($"invalid hash \"{h.Name}\""),
            StringComparer.Ordinal);
    }

    public static DateTimeOffset Timestamp(JsonElement owner, string name) =>
        DateTimeOffset.TryParse(String(owner, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new FormatException($"invalid \"{name}\"");
}
