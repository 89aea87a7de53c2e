using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace FluxMirror.Protocol.Serialization;

/// <summary>
/// Writes <see cref="TimeSpan"/> as an ISO 8601 duration (<c>PT1M30S</c>): readable in the journal,
/// language neutral, and exact to the tick (fractional seconds keep all seven digits).
/// </summary>
internal sealed class IsoDurationJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("a duration must be an ISO 8601 string such as \"PT1M30S\"");
        }

        var text = reader.GetString()!;
        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new JsonException($"\"{text}\" is not an ISO 8601 duration", e);
        }
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(XmlConvert.ToString(value));
}
