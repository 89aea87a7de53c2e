using FluxMirror.Registry.Model;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>A blob the seeder pushed (config, layer, or artifact content).</summary>
public sealed record BlobRef(string Digest, long Size, string MediaType);
