using System.Formats.Asn1;
using System.Security.Cryptography;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// Checks the SCTs a Fulcio certificate carries (RFC 6962 §3.3 embedded SCTs, verified as RFC 9162 §8.1.3 asks) the
/// way sigstore-go's <c>VerifySignedCertificateTimestamp</c> does: SCTs of logs the trusted root does not know, or
/// made outside the log key's <c>validFor</c>, are skipped; each SCT whose signature verifies counts once; fewer than
/// the threshold is a refusal.
/// </summary>
public static class EmbeddedSctVerifier
{
    /// <exception cref="SignatureVerificationException">Fewer than <paramref name="threshold"/> SCTs verify, with
    /// sigstore-go's text (its bundle verifier prefixes it with <c>failed to verify signed certificate timestamp: </c>).</exception>
    public static void Verify(VerifiedCertificate certificate, TrustedRoot root, int threshold)
    {
        var verified = 0;
        if (certificate.Leaf.Extensions[FulcioOids.EmbeddedSctList] is { } extension)
        {
            IReadOnlyList<SignedCertificateTimestamp> scts;
            byte[] tbs;
            try
            {
                scts = SignedCertificateTimestamp.ParseList(extension.RawData);
                tbs = PrecertificateTbs.FromCertificate(certificate.Leaf.RawData);
            }
            catch (Exception ex) when (ex is FormatException or AsnContentException)
            {
                throw new SignatureVerificationException(ex.Message.ReplaceLineEndings(" "), ex);
            }

            var issuerKeyHash = SHA256.HashData(certificate.Issuer.PublicKey.ExportSubjectPublicKeyInfo());
            verified = scts.Count(sct => IsValid(sct, root, issuerKeyHash, tbs));
        }

        if (verified < threshold)
        {
            throw new SignatureVerificationException($"only able to verify {verified} SCT entries; unable to meet threshold of {threshold}");
        }
    }

    private static bool IsValid(SignedCertificateTimestamp sct, TrustedRoot root, byte[] issuerKeyHash, byte[] tbs)
    {
        var log = root.CertificateTransparencyLogs.FirstOrDefault(l => l.LogId.AsSpan().SequenceEqual(sct.LogId));
        if (log is null || !log.ValidFor.Contains(sct.Time) || sct.Version != 0 || sct.HashAlgorithm != SignedCertificateTimestamp.Sha256)
        {
            return false;
        }

        var signed = SignedCertificateTimestamp.PrecertificateSignedData(sct.Version, sct.Timestamp, issuerKeyHash, tbs, sct.Extensions);
        try
        {
            switch (sct.SignatureAlgorithm)
            {
                case SignedCertificateTimestamp.Ecdsa:
                    using (var ecdsa = ECDsa.Create())
                    {
                        ecdsa.ImportSubjectPublicKeyInfo(log.PublicKeyDer, out _);
                        return ecdsa.VerifyData(signed, sct.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
                    }

                case SignedCertificateTimestamp.Rsa:
                    using (var rsa = RSA.Create())
                    {
                        rsa.ImportSubjectPublicKeyInfo(log.PublicKeyDer, out _);
                        return rsa.VerifyData(signed, sct.Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    }

                default:
                    return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
