using System.Text.Json.Serialization;

namespace FluxMirror.Domain.Mirroring;

/// <summary>One referrer of a tag's source manifest as snapshotted at plan time: what the reference keeps.</summary>
/// <param name="Tag">The tag the referrer lives under, copied to the same tag at the destination (a cosign legacy
/// signature, <c>sha256-&lt;hex&gt;.sig</c>, found by its tag rather than through a subject); null for a referrer
/// copied by digest. Left out of the wire form when null, so snapshots without one stay byte-identical.</param>
public sealed record ReferrerRef(
    string Digest,
    string? ArtifactType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Tag = null)
{
    /// <summary>Where it is read and written: its tag when it has one, else its digest.</summary>
    [JsonIgnore]
    public string Reference => Tag ?? Digest;
}
