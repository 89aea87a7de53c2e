using FluxMirror.Registry.Model;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// What the seeder pushed: the manifest (image, index, or artifact) exactly as stored, plus its blobs.
/// For an index, <see cref="Children"/> holds the per-platform images (pushed by digest).
/// </summary>
public sealed record SeededImage(
    string Repository,
    string Tag,
    string Digest,
    byte[] ManifestBytes,
    string MediaType,
    IReadOnlyList<BlobRef> Blobs)
{
    /// <summary>"os/arch[/variant]" for platform images; null otherwise.</summary>
    public string? Platform { get; init; }

    public IReadOnlyList<SeededImage> Children { get; init; } = [];

    public IReadOnlyList<string> ChildDigests => Children.Select(c => c.Digest).ToArray();

    /// <summary>"repository@sha256:…", relative to the registry host.</summary>
    public string DigestReference => $"{Repository}@{Digest}";
}
