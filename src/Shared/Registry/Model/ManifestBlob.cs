namespace FluxMirror.Registry.Model;

/// <summary>
/// A manifest exactly as the registry served it. The bytes are never re-serialised, so the digest survives a copy.
/// </summary>
public sealed record ManifestBlob(byte[] Bytes, string MediaType, string Digest)
{
    /// <summary>Wraps bytes we produced ourselves (e.g. a fallback tag index), computing the digest.</summary>
    public static ManifestBlob FromBytes(byte[] bytes, string mediaType) =>
        new(bytes, mediaType, Model.Digest.Compute(bytes));

    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    public Descriptor ToDescriptor() => new(MediaType, Digest, Bytes.LongLength);

    /// <summary>Reads the structural fields; unknown fields are ignored.</summary>
    public ParsedManifest Parse() => ManifestParser.Parse(Bytes);
}
