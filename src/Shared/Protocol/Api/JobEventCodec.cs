using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Serialization;

namespace FluxMirror.Protocol.Api;

/// <summary>
/// One job event per line for <c>GET /jobs/{id}/events</c>: <c>{"type":"&lt;manifest&gt;","event":{…}}</c>, the
/// event in the same JSON and under the same stable wire name as between nodes, so the CLI decodes it with
/// the same serializer.
/// </summary>
public static class JobEventCodec
{
    // The serializer never touches its actor system; it only needs one to satisfy Akka's base class.
    private static readonly MirrorMessageSerializer Serializer = new(null!);

    public static string Encode(IMirrorMessage message)
    {
        var line = new JsonObject
        {
            ["type"] = Serializer.Manifest(message),
            ["event"] = JsonNode.Parse(Serializer.ToBinary(message)),
        };
        return line.ToJsonString();
    }

    public static IMirrorMessage Decode(string line)
    {
        var node = JsonNode.Parse(line) as JsonObject ?? throw new JsonException("event line is not an object");
        var type = node["type"]?.GetValue<string>() ?? throw new JsonException("event line has no type");
        var payload = node["event"]?.ToJsonString() ?? throw new JsonException("event line has no event");
        return (IMirrorMessage)Serializer.FromBinary(Encoding.UTF8.GetBytes(payload), type);
    }
}
