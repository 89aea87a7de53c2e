using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using FluxMirror.Domain.Signatures.Sigstore;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>
/// Verifies a cosign tag-based signature (<c>sha256-&lt;hex&gt;.sig</c>) of one manifest digest: for each
/// simple-signing layer, the payload claims that digest, the Rekor bundle's SET verifies with a trusted log and its
/// hashedrekord body names this signature, certificate and payload hash, the leaf chains to a trusted CA at the
/// integrated time with an embedded SCT, the signature verifies with the leaf key, and the identity policy accepts
/// the leaf. Any one layer verifying is enough; otherwise the last layer's refusal is thrown.
/// </summary>
public static class LegacySignatureVerifier
{
    /// <exception cref="SignatureVerificationException">A verification refusal (the caller prefixes
    /// <c>signature verification failed: </c>).</exception>
    /// <exception cref="CosignVerificationException">A malformed or key-based signature, with its own text.</exception>
    public static VerifiedSignature Verify(
        IReadOnlyList<LegacySignatureLayerContent> layers, string manifestDigest, TrustedRoot root, IReadOnlyList<CertificateIdentity> identities)
    {
        Exception? last = null;
        foreach (var layer in layers)
        {
            try
            {
                return VerifyLayer(LegacySignature.Read(layer.Layer), layer.Payload, manifestDigest, root, identities);
            }
            catch (Exception ex) when (ex is SignatureVerificationException or CosignVerificationException)
            {
                last = ex;
            }
        }

        throw last ?? new CosignVerificationException("no sigstore bundle found in referrers");
    }

    public static VerifiedSignature VerifyLayer(
        LegacySignature signature, byte[] payload, string manifestDigest, TrustedRoot root, IReadOnlyList<CertificateIdentity> identities)
    {
        SimpleSigningPayload claim;
        TlogEntry entry;
        try
        {
            claim = SimpleSigningPayload.Parse(payload);
            entry = signature.Bundle.ToTlogEntry();
        }
        catch (FormatException ex)
        {
            throw new CosignVerificationException($"parse cosign tag signature {signature.LayerDigest}: {ex.Message}", ex);
        }

        if (claim.DockerManifestDigest != manifestDigest)
        {
            throw new SignatureVerificationException($"invalid or missing digest in claim: {claim.DockerManifestDigest}");
        }

        if (claim.Type != SimpleSigningPayload.CosignSignatureType)
        {
            throw new SignatureVerificationException($"unexpected simple-signing payload type \"{claim.Type}\", want \"{SimpleSigningPayload.CosignSignatureType}\"");
        }

        var integrated = TransparencyLogEntryVerifier.Verify(entry, root)
            ?? throw new SignatureVerificationException("no verified transparency log integrated timestamp");
        CheckBody(entry, signature, payload);

        VerifiedCertificate certificate;
        try
        {
            certificate = SigningCertificateVerifier.Verify(signature.CertificateDer, root, integrated);
        }
        catch (SignatureVerificationException ex)
        {
            throw new SignatureVerificationException($"failed to verify leaf certificate: {ex.Message}", ex);
        }

        using (certificate)
        {
            EmbeddedSctVerifier.Verify(certificate, root, 1);
            PayloadSignature.Verify(certificate.Leaf, payload, signature.Signature);
            var fields = FulcioCertificateFields.Read(certificate.Leaf);
            try
            {
                CertificateIdentityPolicy.Check(fields.SubjectAlternativeName, fields.Issuer, identities);
            }
            catch (SignatureVerificationException ex)
            {
                throw new SignatureVerificationException($"failed to verify certificate identity: {ex.Message}", ex);
            }

            return new VerifiedSignature(fields.SubjectAlternativeName, fields.Issuer, [integrated]);
        }
    }

    // The log entry must be about this very signature: same signature bytes, same certificate, same payload hash.
    private static void CheckBody(TlogEntry entry, LegacySignature signature, byte[] payload)
    {
        if (RekorEntryBody.Parse(entry.CanonicalizedBody) is not HashedRekordBody body)
        {
            throw new SignatureVerificationException($"unexpected transparency log entry kind {entry.Kind} for a cosign tag signature");
        }

        if (!body.Signature.AsSpan().SequenceEqual(signature.Signature))
        {
            throw new SignatureVerificationException("signature in bundle does not match signature being verified");
        }

        if (!SameCertificate(body.PublicKeyPem, signature.CertificateDer))
        {
            throw new SignatureVerificationException("certificate in bundle does not match certificate being verified");
        }

        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(payload));
        if (!string.Equals(body.HashAlgorithm, "sha256", StringComparison.OrdinalIgnoreCase) || !string.Equals(body.HashHex, payloadHash, StringComparison.OrdinalIgnoreCase))
        {
            throw new SignatureVerificationException($"matching bundle to payload: bundle hash {body.HashHex} does not match payload hash {payloadHash}");
        }
    }

    private static bool SameCertificate(byte[] pem, byte[] leafDer)
    {
        try
        {
            using var logged = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(pem));
            return logged.RawData.AsSpan().SequenceEqual(leafDer);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
