namespace FluxMirror.Registry.Model;

/// <summary>An OCI content descriptor: what a manifest says about a blob or a child manifest.</summary>
public sealed record Descriptor(
    string MediaType,
    string Digest,
    long Size,
    string? ArtifactType = null,
    Platform? Platform = null,
    IReadOnlyDictionary<string, string>? Annotations = null);
