using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Remote.Hosting;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// This node's remoting certificate and the cluster's CA: with them remoting runs over TLS and both ends of
/// every connection must present a certificate issued by that CA, so only holders of such a certificate can
/// join or talk to the cluster. The files are what a Kubernetes Secret of type kubernetes.io/tls holds
/// (<c>tls.crt</c>, <c>tls.key</c>, <c>ca.crt</c>); a PKCS#12 file with its password works as well.
/// </summary>
public sealed class RemotingTls
{
    /// <summary>PEM certificate (its key in <see cref="KeyVariable"/>, or in the same file) or a PKCS#12 file.</summary>
    public const string CertificateVariable = "FLUX_MIRROR_TLS_CERT";

    /// <summary>PEM private key of the PEM certificate.</summary>
    public const string KeyVariable = "FLUX_MIRROR_TLS_KEY";

    /// <summary>Password of a PKCS#12 file or of an encrypted PEM key.</summary>
    public const string PasswordVariable = "FLUX_MIRROR_TLS_PASSWORD";

    /// <summary>PEM file with the CA certificate(s) peers must chain to; several CAs are accepted (CA rotation).</summary>
    public const string AuthorityVariable = "FLUX_MIRROR_TLS_CA";

    /// <summary><c>true</c>: a node bound to a non-loopback address may run remoting without TLS.</summary>
    public const string InsecureVariable = "FLUX_MIRROR_INSECURE_REMOTING";

    private const string PlainScheme = "akka.tcp://";
    private const string TlsScheme = "akka.ssl.tcp://";

    public RemotingTls(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        Certificate = certificate;
        Authorities = authorities;
    }

    /// <summary>This node's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificates a peer's certificate must chain to (the operating system's store is not used).</summary>
    public X509Certificate2Collection Authorities { get; }

    /// <summary>
    /// Reads the TLS variables: null when none is set. Any problem (a missing file, a wrong password, a key that
    /// does not belong to the certificate, a certificate without CA) is one <see cref="ArgumentException"/> line
    /// naming the variable, never the password.
    /// </summary>
    public static RemotingTls? FromEnvironment(Func<string, string?> getEnv)
    {
        var certificatePath = NullIfEmpty(getEnv(CertificateVariable));
        var keyPath = NullIfEmpty(getEnv(KeyVariable));
        var password = NullIfEmpty(getEnv(PasswordVariable));
        var authorityPath = NullIfEmpty(getEnv(AuthorityVariable));
        if (certificatePath is null)
        {
            var without = keyPath is not null ? KeyVariable : authorityPath is not null ? AuthorityVariable : password is not null ? PasswordVariable : null;
            return without is null
                ? null
                : throw new ArgumentException($"{CertificateVariable} must name this node's remoting certificate when {without} is set");
        }

        // Without a CA of its own the node would trust whatever the operating system trusts: any public CA
        // could then issue a certificate that joins the cluster.
        if (authorityPath is null)
        {
            throw new ArgumentException($"{AuthorityVariable} must name the CA certificate that every node's remoting certificate is issued by");
        }

        var certificate = RemotingCertificateFile.Load(certificatePath, keyPath, password);
        var authorities = RemotingCertificateFile.LoadAuthorities(authorityPath);
        // Every peer would refuse a certificate its own CA did not issue: say so now, not at each handshake.
        if (RemotingPeerValidation.ChainProblem(certificate, authorities) is { } problem)
        {
            throw new ArgumentException($"{CertificateVariable} ({certificatePath}) {problem}");
        }

        return new RemotingTls(certificate, authorities);
    }

    /// <summary>
    /// Refuses plaintext remoting on an address other nodes can reach, unless <see cref="InsecureVariable"/>
    /// says so: anyone who reaches an unauthenticated remoting port can join the cluster as a worker.
    /// </summary>
    public static void RequireUnlessLoopback(RemotingTls? tls, string hostname, Func<string, string?> getEnv)
    {
        var insecure = NullIfEmpty(getEnv(InsecureVariable));
        if (insecure is not null && insecure is not ("true" or "false"))
        {
            throw new ArgumentException($"{InsecureVariable} must be true or false, got \"{insecure}\"");
        }

        if (tls is null && insecure != "true" && !IsLoopback(hostname))
        {
            throw new ArgumentException(
                $"remoting on {hostname} would accept any peer: set {CertificateVariable}, {KeyVariable} and {AuthorityVariable} " +
                $"(or {InsecureVariable}=true on a network you trust)");
        }
    }

    /// <summary>
    /// A seed address in the scheme of this node's transport: Akka names TLS addresses <c>akka.ssl.tcp://</c>
    /// and plaintext ones <c>akka.tcp://</c>, and a node only reaches addresses of its own scheme. So the same
    /// seed list serves whether or not the cluster runs TLS.
    /// </summary>
    public static string SeedAddress(string seed, bool tls) =>
        tls ? Rescheme(seed, PlainScheme, TlsScheme) : Rescheme(seed, TlsScheme, PlainScheme);

    private static string Rescheme(string seed, string from, string to) =>
        seed.StartsWith(from, StringComparison.OrdinalIgnoreCase) ? to + seed[from.Length..] : seed;

    public static bool IsLoopback(string hostname) =>
        string.Equals(hostname, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(hostname, out var address) && IPAddress.IsLoopback(address));

    /// <summary>
    /// Akka's TLS options: mutual authentication, and instead of the operating system's trust store, the
    /// cluster's CA (checked on both the dialling and the accepting side). Host names are not checked: nodes
    /// are reached by pod IPs and changing DNS names, and the CA is the cluster's own, so holding one of its
    /// certificates is what makes a node a member.
    /// </summary>
    public SslOptions ToSslOptions() => new()
    {
        X509Certificate = Certificate,
        SuppressValidation = false,
        RequireMutualAuthentication = true,
        ValidateCertificateHostname = false,
        CustomValidator = RemotingPeerValidation.IssuedBy(Authorities),
    };

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
