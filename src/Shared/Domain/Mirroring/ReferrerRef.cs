namespace FluxMirror.Domain.Mirroring;

/// <summary>One referrer of a tag's source manifest as snapshotted at plan time: what the reference keeps.</summary>
public sealed record ReferrerRef(string Digest, string? ArtifactType);
