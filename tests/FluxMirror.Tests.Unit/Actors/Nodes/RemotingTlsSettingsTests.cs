using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using FluxMirror.Actors.Nodes;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Unit.Actors.Nodes;

/// <summary>
/// FLUX_MIRROR_TLS_* name the files of a Kubernetes TLS Secret (or a PKCS#12 file); every problem is one line
/// naming the variable and never the password, and plaintext remoting is refused on a non-loopback address.
/// </summary>
public sealed class RemotingTlsSettingsTests : IDisposable
{
    private const string Password = "s3cret-p4ss";
    private readonly RemotingCertificates _certificates = new();
    private readonly string _dir = TempDirectory.Create("remoting-tls");
    private readonly Dictionary<string, string> _env = [];

    [Fact]
    public void The_files_of_a_kubernetes_tls_secret_give_a_certificate_with_its_key_and_the_ca()
    {
        UseSecret(_certificates.WriteNode(_dir, _certificates.Cluster));

        var tls = Settings().Tls;

        Assert.NotNull(tls);
        Assert.True(tls.Certificate.HasPrivateKey);
        Assert.Equal(_certificates.Cluster.Certificate.Subject, tls.Certificate.Issuer);
        Assert.Equal(_certificates.Cluster.Certificate.Thumbprint, Assert.Single(tls.Authorities).Thumbprint);
    }

    [Fact]
    public void Without_tls_variables_a_loopback_node_runs_plaintext_remoting()
    {
        Assert.Null(Settings().Tls);
        _env[ClusterNodeSettings.HostnameVariable] = "localhost";
        Assert.Null(Settings().Tls);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("flux-mirror-worker-0.flux-mirror")]
    public void Without_tls_a_node_reachable_from_other_hosts_refuses_to_start(string hostname)
    {
        _env[ClusterNodeSettings.HostnameVariable] = hostname;

        Assert.Equal(
            $"remoting on {hostname} would accept any peer: set FLUX_MIRROR_TLS_CERT, FLUX_MIRROR_TLS_KEY and FLUX_MIRROR_TLS_CA " +
            "(or FLUX_MIRROR_INSECURE_REMOTING=true on a network you trust)",
            Error());
    }

    [Fact]
    public void Insecure_remoting_can_be_chosen_explicitly()
    {
        _env[ClusterNodeSettings.HostnameVariable] = "0.0.0.0";
        _env[RemotingTls.InsecureVariable] = "true";

        Assert.Null(Settings().Tls);

        _env[RemotingTls.InsecureVariable] = "yes";
        Assert.Equal("FLUX_MIRROR_INSECURE_REMOTING must be true or false, got \"yes\"", Error());
    }

    [Fact]
    public void A_missing_key_file_names_the_variable_and_the_path()
    {
        UseSecret(_certificates.WriteNode(_dir, _certificates.Cluster));
        var missing = Path.Combine(_dir, "nope.key");
        _env[RemotingTls.KeyVariable] = missing;

        Assert.Equal($"FLUX_MIRROR_TLS_KEY ({missing}) cannot be read: no such file", Error());
    }

    [Fact]
    public void A_pem_certificate_without_a_key_variable_asks_for_it()
    {
        var files = _certificates.WriteNode(_dir, _certificates.Cluster);
        UseSecret(files);
        _env.Remove(RemotingTls.KeyVariable);

        Assert.Equal($"FLUX_MIRROR_TLS_KEY must name the PEM private key of FLUX_MIRROR_TLS_CERT ({files.Certificate})", Error());
    }

    [Fact]
    public void A_key_that_belongs_to_another_certificate_is_refused()
    {
        var files = _certificates.WriteNode(_dir, _certificates.Cluster);
        var other = _certificates.WriteNode(Directory.CreateDirectory(Path.Combine(_dir, "other")).FullName, _certificates.Cluster);
        UseSecret(files with { Key = other.Key });

        Assert.Equal(
            $"FLUX_MIRROR_TLS_KEY ({other.Key}) is not the private key of the certificate in FLUX_MIRROR_TLS_CERT ({files.Certificate})",
            Error());
    }

    [Fact]
    public void A_pkcs12_file_opens_with_its_password()
    {
        var files = _certificates.WriteNode(_dir, _certificates.Cluster);
        _env[RemotingTls.CertificateVariable] = WritePkcs12(files, Password);
        _env[RemotingTls.PasswordVariable] = Password;
        _env[RemotingTls.AuthorityVariable] = files.Authority;

        Assert.True(Settings().Tls!.Certificate.HasPrivateKey);
    }

    [Fact]
    public void A_wrong_pkcs12_password_names_the_variable_but_not_the_password()
    {
        var files = _certificates.WriteNode(_dir, _certificates.Cluster);
        var pfx = WritePkcs12(files, "the-right-one");
        _env[RemotingTls.CertificateVariable] = pfx;
        _env[RemotingTls.PasswordVariable] = Password;
        _env[RemotingTls.AuthorityVariable] = files.Authority;

        var error = Error();

        Assert.Equal($"FLUX_MIRROR_TLS_CERT ({pfx}) is neither a PEM certificate nor a PKCS#12 file that opens with FLUX_MIRROR_TLS_PASSWORD", error);
        Assert.DoesNotContain(Password, error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encrypted_pem_key_needs_the_right_password()
    {
        var files = _certificates.WriteNode(_dir, _certificates.Cluster);
        using (var key = ECDsa.Create())
        {
            key.ImportFromPem(File.ReadAllText(files.Key));
            File.WriteAllText(files.Key, key.ExportEncryptedPkcs8PrivateKeyPem("the-right-one", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));
        }

        UseSecret(files);
        Assert.Equal($"FLUX_MIRROR_TLS_KEY ({files.Key}) is encrypted: set FLUX_MIRROR_TLS_PASSWORD", Error());

        _env[RemotingTls.PasswordVariable] = Password;
        var error = Error();
        Assert.Equal($"FLUX_MIRROR_TLS_KEY ({files.Key}) does not open with FLUX_MIRROR_TLS_PASSWORD or is not the key of FLUX_MIRROR_TLS_CERT", error);
        Assert.DoesNotContain(Password, error, StringComparison.Ordinal);

        _env[RemotingTls.PasswordVariable] = "the-right-one";
        Assert.True(Settings().Tls!.Certificate.HasPrivateKey);
    }

    [Fact]
    public void A_certificate_needs_the_ca_its_peers_must_chain_to()
    {
        UseSecret(_certificates.WriteNode(_dir, _certificates.Cluster));
        _env.Remove(RemotingTls.AuthorityVariable);

        Assert.Equal("FLUX_MIRROR_TLS_CA must name the CA certificate that every node's remoting certificate is issued by", Error());
    }

    [Theory]
    [InlineData(RemotingTls.AuthorityVariable)]
    [InlineData(RemotingTls.KeyVariable)]
    [InlineData(RemotingTls.PasswordVariable)]
    public void A_tls_variable_without_a_certificate_is_refused(string variable)
    {
        _env[variable] = Path.Combine(_dir, "something");

        Assert.Equal($"FLUX_MIRROR_TLS_CERT must name this node's remoting certificate when {variable} is set", Error());
    }

    [Fact]
    public void A_certificate_from_another_ca_is_refused_at_start()
    {
        var files = _certificates.WriteNode(_dir, _certificates.Foreign);
        UseSecret(files);

        Assert.StartsWith($"FLUX_MIRROR_TLS_CERT ({files.Certificate}) does not chain to FLUX_MIRROR_TLS_CA: ", Error(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_ca_file_may_hold_several_cas_while_one_replaces_another()
    {
        var files = _certificates.WriteNode(_dir, _certificates.Foreign);
        File.AppendAllText(files.Authority, _certificates.Foreign.CertificatePem);
        UseSecret(files);

        var tls = Settings().Tls!;

        Assert.Equal(2, tls.Authorities.Count);
        Assert.Equal(_certificates.Foreign.Certificate.Subject, tls.Certificate.Issuer);
    }

    [Fact]
    public void An_expired_certificate_is_refused_at_start()
    {
        var files = _certificates.WriteNode(_dir, _certificates.Cluster, validFromNow: TimeSpan.FromHours(-20));
        UseSecret(files);

        Assert.Matches($"^FLUX_MIRROR_TLS_CERT \\({Regex.Escape(files.Certificate)}\\) is valid from .* to .*, not now$", Error());
    }

    [Theory]
    [InlineData("akka.tcp://flux-mirror@a:5055", true, "akka.ssl.tcp://flux-mirror@a:5055")]
    [InlineData("akka.ssl.tcp://flux-mirror@a:5055", true, "akka.ssl.tcp://flux-mirror@a:5055")]
    [InlineData("akka.ssl.tcp://flux-mirror@a:5055", false, "akka.tcp://flux-mirror@a:5055")]
    [InlineData("akka.tcp://flux-mirror@a:5055", false, "akka.tcp://flux-mirror@a:5055")]
    public void A_seed_address_takes_the_scheme_of_this_nodes_transport(string seed, bool tls, string expected) =>
        Assert.Equal(expected, RemotingTls.SeedAddress(seed, tls));

    public void Dispose()
    {
        _certificates.Dispose();
        TempDirectory.TryDelete(_dir);
    }

    private ClusterNodeSettings Settings() => ClusterNodeSettings.FromEnvironment(name => _env.GetValueOrDefault(name));

    private string Error() => Assert.Throws<ArgumentException>(Settings).Message;

    private void UseSecret(NodeCertificateFiles files)
    {
        _env[RemotingTls.CertificateVariable] = files.Certificate;
        _env[RemotingTls.KeyVariable] = files.Key;
        _env[RemotingTls.AuthorityVariable] = files.Authority;
    }

    private string WritePkcs12(NodeCertificateFiles files, string password)
    {
        using var certificate = X509Certificate2.CreateFromPemFile(files.Certificate, files.Key);
        var path = Path.Combine(_dir, "node.p12");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }
}
