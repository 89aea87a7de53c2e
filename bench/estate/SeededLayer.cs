using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Bench.Estate;

/// <summary>A pushed layer and the digest of its uncompressed content, for the config's diff_ids.</summary>
internal sealed record SeededLayer(BlobRef Blob, string DiffId);
