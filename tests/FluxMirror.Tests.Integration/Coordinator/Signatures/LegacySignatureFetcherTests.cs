using FluxMirror.Domain.GoCompat.Re2;
using FluxMirror.Domain.Signatures.Cosign;
using FluxMirror.Domain.Signatures.Sigstore;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Sigstore;

namespace FluxMirror.Tests.Integration.Coordinator.Signatures;

/// <summary>Reading a cosign <c>.sig</c> tag from a real docker-registry through the project's registry client, and verifying it.</summary>
[Collection("Sync")]
public sealed class LegacySignatureFetcherTests : IAsyncLifetime
{
    private RegistryProcess _registry = null!;
    private RegistrySeeder _seeder = null!;
    private readonly RegistryClient _client = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _registry = await RegistryProcess.StartAsync(ct: Ct);
        _seeder = new RegistrySeeder(_registry);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        _seeder.Dispose();
        await _registry.DisposeAsync();
    }

    [Fact]
    public async Task Reads_each_simple_signing_layer_with_its_payload_and_nothing_without_a_sig_tag()
    {
        var image = await _seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        var unsigned = await _seeder.PushImageAsync("team/app", "2.0.0", ct: Ct);
        var first = SimpleSigningPayloads.Create($"{_registry.Host}/team/app", image.Digest);
        var second = SimpleSigningPayloads.Create($"{_registry.Host}/team/app:1.0.0", image.Digest);
        await LegacySignatureManifest.PushAsync(_seeder, "team/app", image.Digest,
            [new LegacySignatureLayer(first, new Dictionary<string, string> { ["k"] = "1" }), new LegacySignatureLayer(second, new Dictionary<string, string> { ["k"] = "2" })], Ct);
        var repository = RepositoryRef.Parse($"{_registry.Host}/team/app");
        var fetcher = new LegacySignatureFetcher(_client);

        var layers = await fetcher.FetchAsync(repository, image.Digest, Ct);

        Assert.Equal([first, second], layers.Select(l => l.Payload));
        Assert.Equal(["1", "2"], layers.Select(l => l.Layer.Annotations!["k"]));
        Assert.Empty(await fetcher.FetchAsync(repository, unsigned.Digest, Ct));
    }

    [Fact]
    public async Task A_legacy_signed_image_read_from_the_registry_verifies_against_the_private_sigstore()
    {
        const string san = "https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1";
        const string issuer = "https://token.actions.githubusercontent.com";
        var signedAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var fulcio = PrivateFulcio.Create(signedAt.AddDays(-1));
        var rekor = PrivateRekor.Create(signedAt.AddDays(-1));
        var image = await _seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        var layer = new LegacySignatureBuilder(fulcio, rekor).Sign($"{_registry.Host}/team/app", image.Digest, san, issuer, signedAt);
        await LegacySignatureBuilder.PushAsync(_seeder, "team/app", image.Digest, [layer], Ct);
        Assert.True(GoRegex.TryCompile("^https://github\\.com/acme/", out var regex, out _));

        var layers = await new LegacySignatureFetcher(_client).FetchAsync(RepositoryRef.Parse($"{_registry.Host}/team/app"), image.Digest, Ct);
        var verified = LegacySignatureVerifier.Verify(layers, image.Digest, fulcio.TrustedRoot(rekor.LogKey), [new CertificateIdentity(issuer, regex)]);

        Assert.Equal((san, issuer), (verified.Identity, verified.Issuer));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(signedAt.ToUnixTimeSeconds()), verified.OldestIntegratedTime);
    }

    [Fact]
    public async Task CosignVerifier_falls_back_to_the_sig_tag_and_refuses_key_based_or_absent_signatures()
    {
        const string san = "https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1";
        const string issuer = "https://token.actions.githubusercontent.com";
        var signedAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var fulcio = PrivateFulcio.Create(signedAt.AddDays(-1));
        var rekor = PrivateRekor.Create(signedAt.AddDays(-1));
        var builder = new LegacySignatureBuilder(fulcio, rekor);
        var signed = await _seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        var keyBased = await _seeder.PushImageAsync("team/app", "2.0.0", ct: Ct);
        await _seeder.PushImageAsync("team/app", "3.0.0", ct: Ct);
        await LegacySignatureBuilder.PushAsync(_seeder, "team/app", signed.Digest, [builder.Sign("r", signed.Digest, san, issuer, signedAt)], Ct);
        await LegacySignatureBuilder.PushAsync(_seeder, "team/app", keyBased.Digest, [builder.Sign("r", keyBased.Digest, san, issuer, signedAt, new LegacySignOptions(KeyBased: true))], Ct);
        Assert.True(GoRegex.TryCompile("^https://github\\.com/acme/", out var regex, out _));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var roots = TrustedRootSources.From(new SigstoreOptions(TrustedRootWriter.Write(fulcio.TrustedRoot(rekor.LogKey))), http, TimeProvider.System);
        var verifier = new CosignVerifier(_client, roots, [new CertificateIdentity(issuer, regex)], null, TimeProvider.System);
        var repository = RepositoryRef.Parse($"{_registry.Host}/team/app");

        var verified = await verifier.VerifyAsync(repository, "1.0.0", Ct);
        var refused = await Assert.ThrowsAsync<CosignVerificationException>(() => verifier.VerifyAsync(repository, "2.0.0", Ct));
        var absent = await Assert.ThrowsAsync<CosignVerificationException>(() => verifier.VerifyAsync(repository, "3.0.0", Ct));

        Assert.Equal(signed.Digest, verified.Digest);
        Assert.Equal((san, issuer), (verified.Signature.Identity, verified.Signature.Issuer));
        Assert.Equal("cosign tag signature has no certificate; key-based signatures are not supported", refused.Message);
        Assert.Equal("no sigstore bundle found in referrers", absent.Message);
    }

    [Fact]
    public async Task A_payload_that_does_not_match_its_digest_is_refused()
    {
        var image = await _seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        var signature = await LegacySignatureManifest.PushAsync(_seeder, "team/app", image.Digest,
            [new LegacySignatureLayer(SimpleSigningPayloads.Create("r", image.Digest), new Dictionary<string, string>())], Ct);
        var payload = signature.Blobs[1].Digest;
        await _seeder.CorruptBlobAsync(payload, Ct);

        var error = await Assert.ThrowsAsync<CosignVerificationException>(() =>
            new LegacySignatureFetcher(_client).FetchAsync(RepositoryRef.Parse($"{_registry.Host}/team/app"), image.Digest, Ct));

        Assert.StartsWith($"read cosign tag signature payload {payload}: ", error.Message);
    }
}
