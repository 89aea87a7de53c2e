using FluxMirror.Domain.Config;
using FluxMirror.Domain.GoCompat.Re2;
using FluxMirror.Domain.Signatures.Sigstore;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>Builds the verifier of one artifacts entry's <c>verify</c> block.</summary>
public static class CosignVerifiers
{
    /// <summary>
    /// Throws <see cref="CosignVerificationException"/> with the reference's texts for a provider other than cosign,
    /// no identity, or a subject that is not an RE2 regex (<c>create OIDC identity matcher &lt;i&gt;: …</c>).
    /// </summary>
    public static ITagSignatureVerifier Create(VerifySpec spec, RegistryClient registry, ITrustedRootSource roots, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Provider.Trim() != VerifySpec.ProviderCosign)
        {
            throw new CosignVerificationException($"unsupported verification provider {GoQuote.Quote(spec.Provider)}");
        }

        if (spec.MatchOidcIdentity.Count == 0)
        {
            throw new CosignVerificationException("at least one OIDC identity matcher is required");
        }

        var identities = new List<CertificateIdentity>(spec.MatchOidcIdentity.Count);
        for (var i = 0; i < spec.MatchOidcIdentity.Count; i++)
        {
            var identity = spec.MatchOidcIdentity[i];
            if (!GoRegex.TryCompile(identity.Subject, out var subject, out var error))
            {
                throw new CosignVerificationException($"create OIDC identity matcher {i}: {error}");
            }

            identities.Add(new CertificateIdentity(identity.Issuer, subject));
        }

        return new CosignVerifier(registry, roots, identities, spec.MinAge, time);
    }
}
