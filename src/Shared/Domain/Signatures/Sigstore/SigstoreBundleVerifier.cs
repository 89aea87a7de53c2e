using System.Security.Cryptography.X509Certificates;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// Verifies a keyless Sigstore bundle for an OCI manifest digest the way sigstore-go's
/// <c>verify.NewVerifier(root, WithSignedCertificateTimestamps(1), WithIntegratedTimestamps(1), WithTransparencyLog(1))</c>
/// with the policy <c>WithArtifactDigest</c> + <c>WithCertificateIdentity</c>… does, in the same order and with the
/// same texts: transparency-log entries (≥1 verified), integrated timestamps (≥1), the Fulcio certificate at each of
/// them, its embedded SCT (≥1), the signature over the artifact, then the identity policy.
/// </summary>
public static class SigstoreBundleVerifier
{
    private const int LogThreshold = 1;
    private const int IntegratedTimeThreshold = 1;
    private const int SctThreshold = 1;

    /// <param name="manifestDigest">The OCI digest the signature must be over (<c>sha256:&lt;hex&gt;</c>).</param>
    /// <exception cref="SignatureVerificationException">sigstore-go's text, e.g.
    /// <c>failed to verify certificate identity: no matching CertificateIdentity found, last error: …</c>.</exception>
    public static VerifiedSignature Verify(SigstoreBundle bundle, TrustedRoot root, string manifestDigest, IReadOnlyList<CertificateIdentity> identities)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(root);
        var artifact = ArtifactDigest.Parse(manifestDigest);

        var integratedTimes = Step("failed to verify log inclusion", () => BundleLogEntries.Verify(bundle, root, LogThreshold));
        if (integratedTimes.Count < IntegratedTimeThreshold)
        {
            throw new SignatureVerificationException(
                $"failed to verify timestamps: threshold not met for verified log entry integrated timestamps: {integratedTimes.Count} < {IntegratedTimeThreshold}");
        }

        if (bundle.SigningCertificateDer is not { } leafDer)
        {
            // WithSignedCertificateTimestamps needs a certificate: a key-signed bundle cannot carry SCTs.
            throw new SignatureVerificationException("SCTs required but bundle is signed with a public key, which cannot contain SCTs");
        }

        using var certificate = VerifyCertificate(leafDer, root, integratedTimes);
        Step("failed to verify signed certificate timestamp", () => EmbeddedSctVerifier.Verify(certificate, root, SctThreshold));
        var fields = Step("failed to summarize certificate", () => FulcioCertificateFields.Read(certificate.Leaf));
        Step("failed to verify signature", () => ArtifactSignature.Verify(bundle, certificate.Leaf, artifact));
        Step("failed to verify certificate identity", () => CertificateIdentityPolicy.Check(fields.SubjectAlternativeName, fields.Issuer, identities));
        return new VerifiedSignature(fields.SubjectAlternativeName, fields.Issuer, integratedTimes);
    }

    /// <summary>Path validation at every verified observer time (sigstore-go keeps the last chain).</summary>
    private static VerifiedCertificate VerifyCertificate(byte[] leafDer, TrustedRoot root, IReadOnlyList<DateTimeOffset> times)
    {
        VerifiedCertificate? verified = null;
        foreach (var time in times)
        {
            verified?.Dispose();
            verified = Step("failed to verify leaf certificate", () => SigningCertificateVerifier.Verify(leafDer, root, time));
        }

        return verified!;
    }

    private static T Step<T>(string context, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (SignatureVerificationException ex)
        {
            throw new SignatureVerificationException($"{context}: {ex.Message}", ex);
        }
    }

    private static void Step(string context, Action step) => Step<object?>(context, () =>
    {
        step();
        return null;
    });
}
