namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>The artifact a signature must cover: an OCI digest (<c>sha256:&lt;hex&gt;</c>) as algorithm and raw bytes.</summary>
internal sealed record ArtifactDigest(string Algorithm, byte[] Value)
{
    public static ArtifactDigest Parse(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || digest[..colon] != "sha256" || digest.Length - colon - 1 != 64)
        {
            throw new ArgumentException($"not a sha256 digest: {digest}", nameof(digest));
        }

        return new ArtifactDigest("sha256", Convert.FromHexString(digest.AsSpan(colon + 1)));
    }
}
