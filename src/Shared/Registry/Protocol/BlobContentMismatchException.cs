namespace FluxMirror.Registry.Protocol;

/// <summary>The bytes read for a blob do not hash (or count) to its descriptor.</summary>
internal sealed class BlobContentMismatchException(string actualDigest, long actualSize)
    : Exception($"content digest mismatch (got {actualDigest})")
{
    public string ActualDigest { get; } = actualDigest;

    public long ActualSize { get; } = actualSize;
}
