namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// The <c>matchOIDCIdentity</c> check, as sigstore-go's <c>CertificateIdentities.Verify</c> with identities made by
/// <c>NewShortCertificateIdentity(issuer, "", "", subjectRegex)</c>: the first identity that matches wins; each one
/// checks the SAN against its unanchored regex, then the issuer for exact equality.
/// </summary>
public static class CertificateIdentityPolicy
{
    /// <returns>The identity that matched.</returns>
    /// <exception cref="SignatureVerificationException">None matched: sigstore-go's text naming the last identity's
    /// failure (its bundle verifier prefixes it with <c>failed to verify certificate identity: </c>).</exception>
    public static CertificateIdentity Check(string san, string issuer, IReadOnlyList<CertificateIdentity> identities)
    {
        string? lastError = null;
        foreach (var identity in identities)
        {
            lastError = Mismatch(san, issuer, identity);
            if (lastError is null)
            {
                return identity;
            }
        }

        throw new SignatureVerificationException(lastError is null
            ? "no matching CertificateIdentity found"
            : $"no matching CertificateIdentity found, last error: {lastError}");
    }

    // The values are quoted as sigstore-go formats them ("%s" between literal quotes, not %q): a regex's
    // backslashes are printed as written.
    private static string? Mismatch(string san, string issuer, CertificateIdentity identity)
    {
        if (!identity.SubjectRegex.IsMatch(san))
        {
            return $"expected SAN value to match regex \"{identity.SubjectRegex.Pattern}\", got \"{san}\"";
        }

        return issuer == identity.Issuer ? null : $"expected issuer value \"{identity.Issuer}\", got \"{issuer}\"";
    }
}
