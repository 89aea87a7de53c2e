namespace FluxMirror.Tests.Infrastructure;

/// <summary>A blob the seeder pushed (config, layer, or artifact content).</summary>
public sealed record BlobRef(string Digest, long Size, string MediaType);
