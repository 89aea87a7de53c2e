using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Mirroring;

/// <summary>What one artifact copy did: the root manifest digest and how each blob got to the destination.</summary>
public sealed record CopyOutcome(string Digest, long BytesUploaded, int BlobsPushed, int BlobsMounted, int BlobsExisting);
