using System.Net;
using System.Security.Cryptography.X509Certificates;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Http;

/// <summary>A throw-away CA with a 127.0.0.1 server certificate and a client certificate, for TLS tests.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly TestCertificateAuthority _authority = new("flux-mirror test CA");

    public TestCertificates()
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        Server = _authority.Issue("CN=127.0.0.1", [TestCertificateAuthority.ServerAuthentication], san.Build(), out _);
        Client = _authority.Issue("CN=flux-mirror-client", [TestCertificateAuthority.ClientAuthentication], null, out var clientKeyPem);
        ClientKeyPem = clientKeyPem;
    }

    public X509Certificate2 Ca => _authority.Certificate;

    /// <summary>Server certificate for 127.0.0.1, with its private key, signed by <see cref="Ca"/>.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>Client certificate, with its private key, signed by <see cref="Ca"/>.</summary>
    public X509Certificate2 Client { get; }

    public string CaPem => Ca.ExportCertificatePem();

    public string ClientCertificatePem => Client.ExportCertificatePem();

    public string ClientKeyPem { get; }

    public void Dispose()
    {
        _authority.Dispose();
        Server.Dispose();
        Client.Dispose();
    }
}
