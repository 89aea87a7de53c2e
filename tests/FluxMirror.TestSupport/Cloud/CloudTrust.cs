using System.Net;
using System.Security.Cryptography.X509Certificates;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Cloud;

/// <summary>
/// The trust a CLI child needs to reach cloud-named hosts served on loopback: a test CA, written as a PEM bundle the
/// child is pointed at with <c>SSL_CERT_FILE</c> (the standard Linux way to trust a private CA, which .NET's OpenSSL
/// backend honours), and server certificates for any DNS names, also valid for 127.0.0.1.
/// </summary>
public sealed class CloudTrust : IDisposable
{
    private readonly TestCertificateAuthority _authority = new("flux-mirror cloud test CA");
    private readonly string _directory = Directory.CreateTempSubdirectory("fm-cloud-trust-").FullName;

    public CloudTrust()
    {
        BundlePath = Path.Combine(_directory, "ca-bundle.pem");
        File.WriteAllText(BundlePath, CaPem);
    }

    /// <summary>The PEM file to hand to a child as <c>SSL_CERT_FILE</c>.</summary>
    public string BundlePath { get; }

    public string CaPem => _authority.CertificatePem;

    /// <summary>The child environment that trusts this CA (and only it: the system bundle is replaced).</summary>
    public IDictionary<string, string?> Environment() => new Dictionary<string, string?>
    {
        ["SSL_CERT_FILE"] = BundlePath,
        ["SSL_CERT_DIR"] = _directory,
    };

    /// <summary>A server certificate (with key) for <paramref name="dnsNames"/> and 127.0.0.1.</summary>
    public X509Certificate2 ServerCertificate(params string[] dnsNames)
    {
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        names.AddIpAddress(IPAddress.Loopback);
        return _authority.Issue($"CN={dnsNames.FirstOrDefault() ?? "127.0.0.1"}", [TestCertificateAuthority.ServerAuthentication], names.Build(), out _);
    }

    public void Dispose()
    {
        _authority.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
