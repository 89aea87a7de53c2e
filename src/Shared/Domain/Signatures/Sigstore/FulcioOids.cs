namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>The object identifiers Fulcio certificates and their embedded SCTs are read by.</summary>
internal static class FulcioOids
{
    /// <summary>RFC 6962 §3.3: the TLS-encoded SignedCertificateTimestampList embedded in a certificate.</summary>
    public const string EmbeddedSctList = "1.3.6.1.4.1.11129.2.4.2";

    /// <summary>The OIDC issuer as a DER UTF8String (Fulcio "Issuer (V2)").</summary>
    public const string IssuerV2 = "1.3.6.1.4.1.57264.1.8";

    /// <summary>The OIDC issuer as raw bytes (deprecated, still written by Fulcio next to <see cref="IssuerV2"/>).</summary>
    public const string IssuerV1 = "1.3.6.1.4.1.57264.1.1";

    /// <summary>An otherName SAN type Fulcio uses for identities that are neither URIs nor emails (username).</summary>
    public const string OtherNameSan = "1.3.6.1.4.1.57264.1.7";

    public const string SubjectAlternativeName = "2.5.29.17";

    public const string CodeSigning = "1.3.6.1.5.5.7.3.3";
}
