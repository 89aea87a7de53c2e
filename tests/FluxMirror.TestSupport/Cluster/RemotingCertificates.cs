using System.Security.Cryptography.X509Certificates;
using FluxMirror.Actors.Nodes;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Cluster;

/// <summary>
/// The cluster's CA and a foreign one, and node certificates from either, for remoting TLS tests: in memory
/// for nodes started in this process, or as the files of a Kubernetes TLS Secret (tls.crt, tls.key, ca.crt).
/// </summary>
public sealed class RemotingCertificates : IDisposable
{
    private readonly List<X509Certificate2> _issued = [];

    public TestCertificateAuthority Cluster { get; } = new("flux-mirror cluster CA");

    public TestCertificateAuthority Foreign { get; } = new("someone else's CA");

    /// <summary>A node certificate from <paramref name="issuer"/>, accepting peers from <paramref name="trusted"/> (the cluster CA unless given).</summary>
    public RemotingTls Node(TestCertificateAuthority issuer, params TestCertificateAuthority[] trusted)
    {
        var certificate = IssueNode(issuer, out _);
        var authorities = new X509Certificate2Collection();
        foreach (var authority in trusted.Length > 0 ? trusted : [Cluster])
        {
            authorities.Add(authority.Certificate);
        }

        return new RemotingTls(certificate, authorities);
    }

    /// <summary>Writes a node certificate from <paramref name="issuer"/> as tls.crt, tls.key (0600) and the cluster CA as ca.crt.</summary>
    public NodeCertificateFiles WriteNode(string directory, TestCertificateAuthority issuer, TimeSpan? validFromNow = null)
    {
        var certificate = IssueNode(issuer, out var keyPem, validFromNow);
        var files = new NodeCertificateFiles(Path.Combine(directory, "tls.crt"), Path.Combine(directory, "tls.key"), Path.Combine(directory, "ca.crt"));
        File.WriteAllText(files.Certificate, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(files.Key, keyPem + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(files.Key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(files.Authority, Cluster.CertificatePem + "\n");
        return files;
    }

    public void Dispose()
    {
        _issued.ForEach(c => c.Dispose());
        Cluster.Dispose();
        Foreign.Dispose();
    }

    // Every node both dials and accepts connections, so its certificate serves as server and client.
    private X509Certificate2 IssueNode(TestCertificateAuthority issuer, out string keyPem, TimeSpan? validFromNow = null)
    {
        var certificate = issuer.Issue(
            "CN=flux-mirror node",
            [TestCertificateAuthority.ServerAuthentication, TestCertificateAuthority.ClientAuthentication],
            null,
            out keyPem,
            validFromNow);
        _issued.Add(certificate);
        return certificate;
    }
}

/// <summary>Paths of a node's certificate, its PEM key and the CA certificate.</summary>
public sealed record NodeCertificateFiles(string Certificate, string Key, string Authority);
