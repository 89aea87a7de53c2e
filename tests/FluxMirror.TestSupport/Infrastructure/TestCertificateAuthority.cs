using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>A throw-away CA (ECDSA P-256, valid for a day around now) that issues certificates for TLS tests.</summary>
public sealed class TestCertificateAuthority : IDisposable
{
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private readonly X509Certificate2 _signer;

    public TestCertificateAuthority(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _signer = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Certificate = X509CertificateLoader.LoadCertificate(_signer.RawData);
    }

    /// <summary>The CA certificate without its key: what peers trust.</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>
    /// A certificate signed by this CA, with its private key (also returned as PKCS#8 PEM). Its validity can be
    /// moved, e.g. into the past for an expired certificate.
    /// </summary>
    public X509Certificate2 Issue(string subject, string[] extendedKeyUsages, X509Extension? subjectAlternativeName, out string keyPem, TimeSpan? validFromNow = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. extendedKeyUsages.Select(u => new Oid(u))], false));
        if (subjectAlternativeName is not null)
        {
            request.CertificateExtensions.Add(subjectAlternativeName);
        }

        var from = DateTimeOffset.UtcNow.AddHours(-1) + (validFromNow ?? TimeSpan.Zero);
        using var issued = request.Create(_signer, from, from.AddHours(12), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        keyPem = key.ExportPkcs8PrivateKeyPem();

        // A PKCS#12 round trip gives the certificate a persisted key, which SslStream wants on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }

    public void Dispose()
    {
        _signer.Dispose();
        Certificate.Dispose();
    }
}
