using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Spiffe;

/// <summary>
/// The X.509 CA of a test trust domain (<c>example.org</c>): issues short-lived X.509-SVIDs whose only SAN is the
/// SPIFFE ID URI, usable for both client and server authentication, as SPIRE issues them.
/// </summary>
public sealed class SvidAuthority : IDisposable
{
    public const string TrustDomain = "example.org";

    private readonly TestCertificateAuthority _ca = new("example.org SPIFFE CA");

    /// <summary>The trust bundle: what peers verify SVIDs against.</summary>
    public X509Certificate2 Bundle => _ca.Certificate;

    public static string Id(string path) => $"spiffe://{TrustDomain}/{path}";

    public IssuedSvid Issue(string spiffeId)
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(spiffeId));
        var certificate = _ca.Issue(
            "O=SPIRE",
            [TestCertificateAuthority.ServerAuthentication, TestCertificateAuthority.ClientAuthentication],
            san.Build(),
            out var keyPem);
        using var key = ECDsa.Create();
        key.ImportFromPem(keyPem);
        return new IssuedSvid(spiffeId, certificate, key.ExportPkcs8PrivateKey());
    }

    public void Dispose() => _ca.Dispose();
}
