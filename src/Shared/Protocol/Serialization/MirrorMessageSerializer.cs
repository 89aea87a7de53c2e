using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace FluxMirror.Protocol.Serialization;

/// <summary>
/// Akka.NET serializer of every <see cref="IMirrorMessage"/>: System.Text.Json over source-generated
/// metadata, with the explicit manifests of <see cref="MessageManifests"/> (never CLR type names), so the
/// same bytes are read back after a type is renamed and across node versions.
/// </summary>
public sealed class MirrorMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Unique across the cluster; 0–100 are reserved by Akka.NET. Never change it: it is stored with every persisted event.</summary>
    public const int SerializerId = 7101;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => EntryFor(o).Manifest;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, EntryFor(obj).TypeInfo);

    /// <summary>The same JSON as <see cref="ToBinary"/>, written to <paramref name="output"/> as it is produced: a large
    /// message (a job's report) never exists as one buffer.</summary>
    public static Task WriteAsync(Stream output, object message, CancellationToken ct) =>
        JsonSerializer.SerializeAsync(output, message, EntryFor(message).TypeInfo, ct);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var entry = MessageManifests.FindByManifest(manifest)
            ?? throw new SerializationException(
                $"unknown mirror message manifest \"{manifest}\" (serializer {SerializerId}); the sender may run a newer version");
        try
        {
            return JsonSerializer.Deserialize(bytes, entry.TypeInfo)
                ?? throw new SerializationException($"mirror message \"{manifest}\" is empty (null)");
        }
        catch (JsonException e)
        {
            // The JSON exception text names CLR types; keep the message to the wire name and the JSON path.
            throw new SerializationException($"mirror message \"{manifest}\" is malformed at {e.Path ?? "$"}", e);
        }
    }

    private static ManifestEntry EntryFor(object message) =>
        MessageManifests.FindByType(message.GetType())
        ?? throw new SerializationException(
            $"mirror message {message.GetType().Name} has no manifest; add it to MessageManifests");
}
