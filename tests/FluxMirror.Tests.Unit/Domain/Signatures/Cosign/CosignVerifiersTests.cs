using FluxMirror.Domain.Config;
using FluxMirror.Domain.Signatures.Cosign;
using FluxMirror.Registry.Protocol;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Cosign;

public sealed class CosignVerifiersTests
{
    private static readonly OidcIdentity Identity = new("https://token.actions.githubusercontent.com", "^https://github\\.com/example/");

    [Fact]
    public void Refuses_a_provider_other_than_cosign()
    {
        var error = Create(new VerifySpec("notation", [Identity]));

        Assert.Equal("unsupported verification provider \"notation\"", error.Message);
    }

    [Fact]
    public void Refuses_an_empty_identity_list()
    {
        var error = Create(new VerifySpec("cosign", []));

        Assert.Equal("at least one OIDC identity matcher is required", error.Message);
    }

    [Fact]
    public void Names_the_identity_whose_subject_is_not_an_re2_regex()
    {
        var error = Create(new VerifySpec("cosign", [Identity, new OidcIdentity("https://accounts.google.com", "(?<=x)")]));

        Assert.StartsWith("create OIDC identity matcher 1: ", error.Message, StringComparison.Ordinal);
    }

    private static CosignVerificationException Create(VerifySpec spec)
    {
        using var registry = new RegistryClient();
        return Assert.Throws<CosignVerificationException>(() =>
            CosignVerifiers.Create(spec, registry, new NeverUsedRoots(), TimeProvider.System));
    }

    private sealed class NeverUsedRoots : ITrustedRootSource
    {
        public Task<FluxMirror.Domain.Signatures.Sigstore.TrustedRoot> GetAsync(CancellationToken ct) =>
            throw new InvalidOperationException("not used");
    }
}
