using System.Text.Json.Serialization.Metadata;

namespace FluxMirror.Protocol.Serialization;

/// <summary>One row of the manifest table: a message's type, its wire name, and its JSON contract, built on first use
/// (a run that touches a handful of the messages does not build the contracts of all of them).</summary>
internal sealed class ManifestEntry(Type type, string manifest, Func<JsonTypeInfo> typeInfo)
{
    public Type Type { get; } = type;

    public string Manifest { get; } = manifest;

    public JsonTypeInfo TypeInfo => typeInfo();

    /// <summary>The row of <typeparamref name="T"/>: the type comes from the contract's, so the two cannot disagree.</summary>
    public static ManifestEntry Of<T>(Func<JsonTypeInfo<T>> typeInfo, string manifest) => new(typeof(T), manifest, typeInfo);
}
