namespace FluxMirror.Bench.Estate;

/// <summary>A blob a manifest refers to: what the floor needs to move it (digest, and size for the PUT's Content-Length).</summary>
internal sealed record BlobDescriptor(string Digest, long Size);
