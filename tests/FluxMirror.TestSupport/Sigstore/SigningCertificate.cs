using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FluxMirror.TestSupport.Sigstore;

/// <summary>A Fulcio-like leaf and its private key (what a keyless signer holds for ten minutes).</summary>
public sealed record SigningCertificate(X509Certificate2 Certificate, ECDsa Key) : IDisposable
{
    public string Pem => Certificate.ExportCertificatePem();

    public void Dispose()
    {
        Certificate.Dispose();
        Key.Dispose();
    }

    // The key must never reach a message or a log.
    public override string ToString() => $"SigningCertificate {{ Subject = {Certificate.Subject}, Key = <redacted> }}";
}
