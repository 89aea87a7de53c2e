using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// Chains a Fulcio-issued signing certificate to the trusted root the way sigstore-go's <c>VerifyLeafCertificate</c>
/// does: every certificate authority whose <c>validFor</c> contains the observed time is tried, its last certificate
/// is the only trust anchor and the others are intermediates, validity is checked at the observed time (the "hybrid
/// model": a short-lived certificate only has to be valid when the log integrated the signature), no revocation, and
/// the leaf must allow code signing.
/// </summary>
public static class SigningCertificateVerifier
{
    /// <summary>sigstore-go's text: it discards the x509 reason (expired, unknown authority, usage) for this one.
    /// Its bundle verifier prefixes it with <c>failed to verify leaf certificate: </c>.</summary>
    public const string Failed = "leaf certificate verification failed";

    /// <param name="at">The observed time (a verified transparency-log integrated time).</param>
    /// <exception cref="SignatureVerificationException">No certificate authority accepts the certificate at
    /// <paramref name="at"/>.</exception>
    public static VerifiedCertificate Verify(byte[] leafDer, TrustedRoot root, DateTimeOffset at)
    {
        X509Certificate2 leaf;
        try
        {
            leaf = X509CertificateLoader.LoadCertificate(leafDer);
        }
        catch (CryptographicException ex)
        {
            throw new SignatureVerificationException($"failed to parse leaf certificate: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }

        foreach (var authority in root.CertificateAuthorities.Where(a => a.ValidFor.Contains(at)))
        {
            if (TryChain(leaf, authority, at) is { } issuer)
            {
                return new VerifiedCertificate(leaf, issuer, authority);
            }
        }

        leaf.Dispose();
        throw new SignatureVerificationException(Failed);
    }

    private static X509Certificate2? TryChain(X509Certificate2 leaf, CertificateAuthority authority, DateTimeOffset at)
    {
        var certificates = new List<X509Certificate2>();
        try
        {
            certificates.AddRange(authority.ChainDer.Select(X509CertificateLoader.LoadCertificate));
        }
        catch (CryptographicException)
        {
            Dispose(certificates);
            return null;
        }

        using var chain = new X509Chain();
        try
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(certificates[^1]);
            chain.ChainPolicy.ExtraStore.AddRange(certificates[..^1].ToArray());
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.DisableCertificateDownloads = true;
            chain.ChainPolicy.VerificationTime = at.UtcDateTime;
            chain.ChainPolicy.VerificationTimeIgnored = false;
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(FulcioOids.CodeSigning));
            if (!chain.Build(leaf) || chain.ChainElements.Count < 2)
            {
                return null;
            }

            return X509CertificateLoader.LoadCertificate(chain.ChainElements[1].Certificate.RawData);
        }
        finally
        {
            // The chain's element certificates are its own copies; the leaf's is left alone in case it is not.
            foreach (var element in chain.ChainElements)
            {
                if (!ReferenceEquals(element.Certificate, leaf))
                {
                    element.Certificate.Dispose();
                }
            }

            Dispose(certificates);
        }
    }

    private static void Dispose(List<X509Certificate2> certificates)
    {
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }
}
