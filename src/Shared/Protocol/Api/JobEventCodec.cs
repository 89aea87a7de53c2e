using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Serialization;

namespace FluxMirror.Protocol.Api;

/// <summary>
/// One job event per line for <c>GET /jobs/{id}/events</c>: <c>{"type":"&lt;manifest&gt;","event":{…}}</c>, the
/// event in the same JSON and under the same stable wire name as between nodes, so the CLI decodes it with
/// the same serializer. The event is serialized straight into the response: a job's last line carries its whole report
/// (megabytes at 20 000 tags), and a JSON tree of it, a string or even one buffer took several times its size on the
/// coordinator's heap at the moment the job ends (a 20 000-tag job under a 96 MiB heap cap ran out of memory there).
/// </summary>
public static class JobEventCodec
{
    // The serializer never touches its actor system; it only needs one to satisfy Akka's base class.
    private static readonly MirrorMessageSerializer Serializer = new(null!);
    private static readonly byte[] Tail = "}\n"u8.ToArray();

    /// <summary>Writes the event's line, ending with <c>\n</c>, serializing straight into <paramref name="output"/>.</summary>
    public static async Task WriteLineAsync(Stream output, IMirrorMessage message, CancellationToken ct)
    {
        await output.WriteAsync(Head(message), ct);
        await MirrorMessageSerializer.WriteAsync(output, message, ct);
        await output.WriteAsync(Tail, ct);
    }

    /// <summary>The event's line without its <c>\n</c>.</summary>
    public static string Encode(IMirrorMessage message) =>
        string.Concat(Encoding.UTF8.GetString(Head(message)), Encoding.UTF8.GetString(Serializer.ToBinary(message)), "}");

    public static IMirrorMessage Decode(string line) => Decode(Encoding.UTF8.GetBytes(line));

    /// <summary>Reads one line (UTF-8, without its <c>\n</c>); <see cref="JsonException"/> when it is not an event line.</summary>
    public static IMirrorMessage Decode(byte[] line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("event line is not an object");
        }

        if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw new JsonException("event line has no type");
        }

        if (!root.TryGetProperty("event", out var payload) || payload.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("event line has no event");
        }

        return (IMirrorMessage)Serializer.FromBinary(JsonMarshal.GetRawUtf8Value(payload).ToArray(), type.GetString()!);
    }

    private static byte[] Head(IMirrorMessage message)
    {
        var type = JsonEncodedText.Encode(Serializer.Manifest(message)).EncodedUtf8Bytes;
        return [.. "{\"type\":\""u8, .. type, .. "\",\"event\":"u8];
    }
}
