using FluxMirror.Domain.Config;
using FluxMirror.Domain.Reporting;
using FluxMirror.Domain.Signatures.Cosign;
using FluxMirror.Tests.Integration.Registry;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Sigstore;
using FluxMirror.TestSupport.Tokens;

namespace FluxMirror.Tests.Integration.Coordinator.Signatures;

/// <summary>
/// The cosign verifier against a real docker-registry 2.8, which has no referrers API: bundles are found through
/// the referrers fallback tag (<c>sha256-&lt;hex&gt;</c>) as the reference finds them, and trusted from a private
/// Sigstore's trusted root given as bytes.
/// </summary>
[Collection("Sync")]
public sealed class CosignVerifierTests : RegistryTestBase
{
    private const string Issuer = "https://token.actions.githubusercontent.com";
    private const string San = "https://github.com/example/app/.github/workflows/release.yml@refs/tags/1.0.0";
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private readonly PrivateSigstore _sigstore = PrivateSigstore.Create(Now.AddDays(-30));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public override async ValueTask DisposeAsync()
    {
        _sigstore.Dispose();
        _http.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Verifies_a_signed_tag_and_reports_the_signer_and_the_integrated_time()
    {
        var image = await Seeder.PushImageAsync("app", "1.0.0", ct: Ct);
        var integrated = Now.AddHours(-5);
        await PushBundleAsync(image.Digest, new SignOptions { IntegratedTime = integrated });

        var result = await Verifier().VerifyAsync(Repo("app"), "1.0.0", Ct);

        Assert.Equal(image.Digest, result.Digest);
        Assert.Equal(new VerificationInfo("cosign", Issuer, San, integrated), result.Info);
    }

    [Fact]
    public async Task A_tag_without_a_bundle_among_its_referrers_fails()
    {
        var image = await Seeder.PushImageAsync("app", "1.0.0", ct: Ct);
        await Seeder.PushReferrerAsync("app", image.Digest, "application/vnd.example.sbom", [("{}"u8.ToArray(), "application/vnd.example.sbom")], Ct);

        var error = await Assert.ThrowsAsync<CosignVerificationException>(() => Verifier().VerifyAsync(Repo("app"), "1.0.0", Ct));

        Assert.Equal("no sigstore bundle found in referrers", error.Message);
    }

    [Fact]
    public async Task A_referrer_with_two_layers_is_not_a_bundle()
    {
        var image = await Seeder.PushImageAsync("app", "1.0.0", ct: Ct);
        var bundle = _sigstore.SignDigest(image.Digest, San, Issuer);
        await Seeder.PushReferrerAsync("app", image.Digest, PrivateSigstore.BundleMediaTypeV03,
            [(bundle, PrivateSigstore.BundleMediaTypeV03), ("{}"u8.ToArray(), "application/vnd.example.extra")], Ct);

        var error = await Assert.ThrowsAsync<CosignVerificationException>(() => Verifier().VerifyAsync(Repo("app"), "1.0.0", Ct));

        Assert.Equal("no sigstore bundle found in referrers", error.Message);
    }

    [Fact]
    public async Task A_v0_2_bundle_is_refused()
    {
        var image = await Seeder.PushImageAsync("app", "1.0.0", ct: Ct);
        await PushBundleAsync(image.Digest, new SignOptions { BundleMediaType = PrivateSigstore.BundleMediaTypeV02 });

        var error = await Assert.ThrowsAsync<CosignVerificationException>(() => Verifier().VerifyAsync(Repo("app"), "1.0.0", Ct));

        Assert.Equal("unsupported sigstore bundle version: minimum v0.3 required", error.Message);
    }

    [Fact]
    public async Task A_signature_younger_than_min_age_is_too_new_and_an_older_one_passes()
    {
        var image = await Seeder.PushImageAsync("app", "1.0.0", ct: Ct);
        // Integrated at 10:29:59 (logs count whole seconds), checked at 12:00:00.6: 1h30m1.6s rounds to 1h30m2s.
        await PushBundleAsync(image.Digest, new SignOptions { IntegratedTime = Now.AddMinutes(-90).AddSeconds(-1) });

        var tooNew = await Assert.ThrowsAsync<SignatureTooNewException>(() => Verifier(TimeSpan.FromHours(2)).VerifyAsync(Repo("app"), "1.0.0", Ct));
        var passed = await Verifier(TimeSpan.FromHours(1)).VerifyAsync(Repo("app"), "1.0.0", Ct);

        Assert.Equal(
            "signature age (1h30m2s) is less than the required minAge (2h0m0s); signature was integrated at 2026-12-03T10:29:59Z",
            tooNew.Message);
        Assert.Equal(image.Digest, tooNew.Digest);
        Assert.Equal(new VerificationInfo("cosign", Issuer, San, Now.AddMinutes(-90).AddSeconds(-1), "1h30m2s", "2h0m0s"), tooNew.Info);
        Assert.Equal(image.Digest, passed.Digest);
        Assert.Null(passed.Info.Age);
        Assert.Null(passed.Info.MinAge);
    }

    private async Task PushBundleAsync(string digest, SignOptions options) =>
        await PrivateSigstore.PushBundleReferrerAsync(Seeder, "app", digest, _sigstore.SignDigest(digest, San, Issuer, options), Ct);

    private ITagSignatureVerifier Verifier(TimeSpan? minAge = null)
    {
        var spec = new VerifySpec(VerifySpec.ProviderCosign, [new OidcIdentity(Issuer, "^https://github\\.com/example/app/")], minAge);
        var roots = TrustedRootSources.From(new SigstoreOptions(_sigstore.TrustedRootJson), _http, TimeProvider.System);
        return CosignVerifiers.Create(spec, CreateClient(), roots, new ManualClock(Now.AddMilliseconds(600)));
    }
}
