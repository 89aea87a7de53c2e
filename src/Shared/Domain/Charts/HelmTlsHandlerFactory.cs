using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Charts;

/// <summary>
/// The HTTP handler of one Helm repository, with the TLS settings of its repositories.yaml entry: a client
/// certificate (<c>certFile</c> + <c>keyFile</c>), a <c>caFile</c> trusted in addition to the system roots, or no
/// verification at all (<c>insecure_skip_tls_verify</c>).
/// </summary>
internal static class HelmTlsHandlerFactory
{
    /// <exception cref="HelmException">When the configured TLS material cannot be loaded.</exception>
    public static async Task<SocketsHttpHandler> CreateAsync(HelmRepositoryEntry? entry, CancellationToken ct)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 10,
            // Go's transport asks for gzip and inflates it transparently; the size caps apply to the inflated body.
            AutomaticDecompression = System.Net.DecompressionMethods.GZip,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (entry is null || !entry.HasTlsSettings)
        {
            return handler;
        }

        var ssl = new SslClientAuthenticationOptions { EnabledSslProtocols = SslProtocols.None };
        if (entry.CertFile.Length > 0 || entry.KeyFile.Length > 0)
        {
            ssl.ClientCertificates = [LoadClientCertificate(entry)];
        }

        if (entry.InsecureSkipTlsVerify)
        {
            // The repository entry asks for it (insecure_skip_tls_verify), as Helm allows.
#pragma warning disable CA5359
            ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (entry.CaFile.Length > 0)
        {
            var extraRoots = await LoadCaFileAsync(entry, ct).ConfigureAwait(false);
            ssl.RemoteCertificateValidationCallback = (_, certificate, presented, errors) => Trusted(certificate, presented, errors, extraRoots);
        }

        handler.SslOptions = ssl;
        return handler;
    }

    private static X509Certificate2 LoadClientCertificate(HelmRepositoryEntry entry)
    {
        if (entry.CertFile.Length == 0 || entry.KeyFile.Length == 0)
        {
            throw new HelmException($"helm repository {GoQuote.Quote(entry.Name)} must set both certFile and keyFile for client TLS");
        }

        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(entry.CertFile, entry.KeyFile);
            // A PKCS#12 round trip turns the ephemeral PEM key into one SslStream accepts on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new HelmException($"load client TLS cert/key for Helm repository {GoQuote.Quote(entry.Name)}: {ex.Message}", ex);
        }
    }

    private static async Task<X509Certificate2Collection> LoadCaFileAsync(HelmRepositoryEntry entry, CancellationToken ct)
    {
        string pem;
        try
        {
            pem = await File.ReadAllTextAsync(entry.CaFile, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HelmException($"read CA file for Helm repository {GoQuote.Quote(entry.Name)}: {ex.Message}", ex);
        }

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            roots.Clear();
        }

        return roots.Count > 0
            ? roots
            : throw new HelmException($"ca file for helm repository {GoQuote.Quote(entry.Name)} contains no PEM certificates");
    }

    // Go appends the CA file to the system pool: a chain the system accepts is fine, otherwise it must end in one
    // of the extra roots. A name mismatch is never forgiven.
    private static bool Trusted(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, X509Certificate2Collection extraRoots)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is not X509Certificate2 leaf)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(extraRoots);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(leaf);
    }
}
