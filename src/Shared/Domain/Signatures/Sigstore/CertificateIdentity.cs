using FluxMirror.Domain.GoCompat.Re2;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// One accepted signer (<c>verify.matchOIDCIdentity[]</c>): the OIDC issuer, compared exactly, and the subject
/// (certificate SAN) as an unanchored RE2 regex. A list of them is an OR.
/// </summary>
public sealed record CertificateIdentity(string Issuer, GoRegex SubjectRegex);
