using System.Security.Cryptography.X509Certificates;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// A signing certificate that chains to one of the trusted root's certificate authorities.
/// </summary>
/// <param name="Leaf">The signing certificate.</param>
/// <param name="Issuer">The certificate that issued <paramref name="Leaf"/> (an intermediate, or the CA root itself):
/// its public key is what embedded SCTs are bound to.</param>
/// <param name="Authority">The trusted root entry the chain ends in.</param>
public sealed record VerifiedCertificate(X509Certificate2 Leaf, X509Certificate2 Issuer, CertificateAuthority Authority) : IDisposable
{
    public void Dispose()
    {
        Leaf.Dispose();
        Issuer.Dispose();
    }
}
