using System.Globalization;
using System.Text.Json;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// Reads one protobuf message from its canonical JSON form the way Go's protojson does by default: fields by their
/// JSON (lowerCamel) or proto (snake_case) name, unknown fields refused, <c>null</c> meaning unset, int64 as a JSON
/// string or number, bytes as standard or URL-safe base64 with or without padding. Errors start <c>proto: </c>.
/// </summary>
internal readonly struct ProtoJsonObject
{
    private readonly JsonElement _element;

    private ProtoJsonObject(JsonElement element) => _element = element;

    /// <summary>Wraps <paramref name="element"/> as message <paramref name="messageName"/> with these JSON field names.</summary>
    public static ProtoJsonObject From(JsonElement element, string messageName, params string[] fields)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"proto: syntax error: unexpected token {Token(element)} for message {messageName}");
        }
        foreach (var property in element.EnumerateObject())
        {
            if (!fields.Contains(property.Name, StringComparer.Ordinal) && !fields.Contains(ToJsonName(property.Name), StringComparer.Ordinal))
            {
                throw new FormatException($"proto: unknown field \"{property.Name}\"");
            }
        }
        return new ProtoJsonObject(element);
    }

    public bool Has(string name) => Find(name) is not null;

    public JsonElement? Message(string name) => Find(name) is { } value
        ? value.ValueKind == JsonValueKind.Object ? value : throw Invalid("message", name, value)
        : null;

    public IReadOnlyList<JsonElement> Repeated(string name) => Find(name) is { } value
        ? value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToArray() : throw Invalid("list", name, value)
        : [];

    public string String(string name) => Find(name) is { } value
        ? value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid("string", name, value)
        : "";

    public long Int64(string name)
    {
        if (Find(name) is not { } value)
        {
            return 0;
        }
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            _ => throw Invalid("int64", name, value),
        };
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Invalid("int64", name, value);
    }

    /// <summary>The field's bytes; null when it is absent (an empty string gives an empty array).</summary>
    public byte[]? Bytes(string name)
    {
        if (Find(name) is not { } value)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Invalid("bytes", name, value);
        }
        var text = value.GetString()!.Replace('-', '+').Replace('_', '/');
        if (text.Contains('=', StringComparison.Ordinal))
        {
            text = text.TrimEnd('=');
        }
        text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        try
        {
            return text.Any(char.IsWhiteSpace) ? throw new FormatException() : Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw Invalid("bytes", name, value);
        }
    }

    /// <summary>The JSON name of a proto field name (snake_case → lowerCamel), as protojson also accepts the latter.</summary>
    private static string ToJsonName(string name)
    {
        if (!name.Contains('_', StringComparison.Ordinal))
        {
            return name;
        }
        var parts = name.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private JsonElement? Find(string name)
    {
        foreach (var property in _element.EnumerateObject())
        {
            if ((property.Name == name || ToJsonName(property.Name) == name) && property.Value.ValueKind != JsonValueKind.Null)
            {
                return property.Value;
            }
        }
        return null;
    }

    private static FormatException Invalid(string kind, string name, JsonElement value) =>
        new($"proto: invalid value for {kind} field {name}: {Token(value)}");

    private static string Token(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= 40 ? raw : raw[..40] + "…";
    }
}
