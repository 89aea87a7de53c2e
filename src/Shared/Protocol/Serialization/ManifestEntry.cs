using System.Text.Json.Serialization.Metadata;

namespace FluxMirror.Protocol.Serialization;

/// <summary>One row of the manifest table: a message's JSON contract and its wire name.</summary>
internal sealed record ManifestEntry(JsonTypeInfo TypeInfo, string Manifest)
{
    public Type Type => TypeInfo.Type;
}
