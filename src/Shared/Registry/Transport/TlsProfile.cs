using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// The TLS behaviour of a connection pool: verification mode, custom roots, client certificate.
/// Hosts with equal profiles share one <see cref="SocketsHttpHandler"/>; a SPIFFE host has its own (its hook is
/// compared by reference).
/// </summary>
public sealed record TlsProfile(bool SkipVerification, HostTlsSettings? Settings)
{
    internal TlsProfile(bool skipVerification, HostTlsSettings settings, SpiffeTlsHook spiffe)
        : this(skipVerification, settings)
    {
        Spiffe = spiffe;
    }

    /// <summary>The SPIFFE callbacks of this host, when it uses SPIFFE.</summary>
    internal SpiffeTlsHook? Spiffe { get; }

    public static readonly TlsProfile SystemDefault = new(false, null);

    /// <summary>Loads the PEM material; throws <see cref="TlsMaterialException"/> with a one-line message when unusable.</summary>
    public SslClientAuthenticationOptions BuildSslOptions()
    {
        var ssl = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        };

        if (SkipVerification)
        {
            // The user asked for it: --insecure / tls.insecureSkipVerify, as the reference allows.
#pragma warning disable CA5359
            ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (Settings?.CaBundlePem is { } caPem)
        {
            // Only the configured bundle is trusted: the system roots are deliberately left out.
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(LoadCaBundle(caPem));
            ssl.CertificateChainPolicy = policy;
        }

        else if (Spiffe is { ServerAuthorizer: not null } serverHook)
        {
            // The bundle and the authorizer decide; the host name is deliberately not checked (see SpiffeTlsHook).
#pragma warning disable CA5359
            ssl.RemoteCertificateValidationCallback = (_, certificate, chain, _) => serverHook.ValidateServer(certificate, chain);
#pragma warning restore CA5359
        }

        if (Spiffe is { PresentSvid: true } clientHook)
        {
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientHook.ClientCertificate()!;
        }
        else if (Settings is { ClientCertificatePem: { } certPem, ClientKeyPem: { } keyPem })
        {
            ssl.ClientCertificates = [LoadClientCertificate(certPem, keyPem)];
        }

        return ssl;
    }

    public static X509Certificate2Collection LoadCaBundle(string pem)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new TlsMaterialException($"serverAuth: invalid CA bundle: {ex.Message}", ex);
        }

        if (roots.Count == 0)
        {
            throw new TlsMaterialException("serverAuth: no valid certificates in CA bundle");
        }

        return roots;
    }

    public static X509Certificate2 LoadClientCertificate(string certificatePem, string keyPem)
    {
        try
        {
            return X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new TlsMaterialException($"clientAuth: load key pair: {ex.Message}", ex);
        }
    }
}
