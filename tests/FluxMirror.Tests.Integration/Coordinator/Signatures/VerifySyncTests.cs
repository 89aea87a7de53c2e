using System.Text;
using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Schemas;
using FluxMirror.TestSupport.Sigstore;

namespace FluxMirror.Tests.Integration.Coordinator.Signatures;

/// <summary>
/// <c>verify</c> end to end through <c>flux-mirror sync</c>: images signed by a private Sigstore (Fulcio-like CA, CT
/// log, Rekor-like log), their bundles pushed as referrers to a real docker-registry (fallback tag), the trust given
/// as a trusted-root file (air-gapped) or fetched from a TUF repository.
/// </summary>
[Collection("Sync")]
public sealed class VerifySyncTests : IAsyncLifetime
{
    private const string Issuer = "https://issuer.example";
    private const string Signer = "https://github.com/org/app/.github/workflows/release.yml@refs/tags/v1";
    private const string Stranger = "https://github.com/someone-else/app/.github/workflows/release.yml@refs/heads/main";
    private readonly FluxMirrorCli _cli = new();
    private readonly PrivateSigstore _sigstore = PrivateSigstore.Create();
    private RegistryPair _registries = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // No network but loopback: anything else (the public-good TUF CDN) goes to a proxy on a closed port and fails.
    private static Dictionary<string, string?> Offline => new()
    {
        ["HTTPS_PROXY"] = "http://127.0.0.1:9",
        ["HTTP_PROXY"] = "http://127.0.0.1:9",
        ["NO_PROXY"] = "127.0.0.1,localhost",
    };

    public async ValueTask InitializeAsync() => _registries = await RegistryPair.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        _sigstore.Dispose();
        await _registries.DisposeAsync();
    }

    [Fact]
    public async Task Verifies_in_plan_order_copies_what_verified_defers_what_is_too_new_and_stops_at_a_stranger()
    {
        // Selected newest first: 3.0.0 (signed 3 days ago), 2.0.0 (signed 1 hour ago: too new for 48h),
        // 1.5.0 (signed by someone else: planning stops), 1.0.0 (never planned).
        var old = await SignedImageAsync("3.0.0", Signer, DateTimeOffset.UtcNow.AddDays(-3));
        var fresh = await SignedImageAsync("2.0.0", Signer, DateTimeOffset.UtcNow.AddHours(-1));
        await SignedImageAsync("1.5.0", Stranger, DateTimeOffset.UtcNow.AddDays(-3));
        await SignedImageAsync("1.0.0", Signer, DateTimeOffset.UtcNow.AddDays(-3));
        var root = _cli.WriteConfig(Encoding.UTF8.GetString(_sigstore.TrustedRootJson));

        var result = await _cli.RunAsync(["sync", _cli.WriteConfig(Config()), "-o", "json", "--sigstore-trusted-root", root], Offline);

        Assert.True(result.ExitCode == 1, result.StandardError);
        ProjectSchema.Report.AssertValid(result.StandardOutput);
        var entry = JsonNode.Parse(result.StandardOutput)!["report"]!["results"]![0]!;
        Assert.Equal("completed", (string?)entry["status"]);
        var rows = entry["tags"]!.AsArray().Select(r => r!).ToDictionary(r => (string)r["tag"]!);
        Assert.Equal(["1.5.0", "2.0.0", "3.0.0"], rows.Keys.Order(StringComparer.Ordinal));

        var copied = rows["3.0.0"];
        Assert.Equal("copied", (string?)copied["status"]);
        Assert.Equal(old.Digest, (string?)copied["digest"]);
        AssertVerification(copied["verification"]!, age: false);
        Assert.Equal(old.Digest, await _registries.Dst.ManifestDigestAsync("mirror/app", "3.0.0", Ct));

        var deferred = rows["2.0.0"];
        Assert.Equal(("skipped", "signature-too-new", fresh.Digest), ((string?)deferred["status"], (string?)deferred["reason"], (string?)deferred["digest"]));
        AssertVerification(deferred["verification"]!, age: true);
        Assert.Null(await _registries.Dst.ManifestDigestAsync("mirror/app", "2.0.0", Ct));

        var refused = rows["1.5.0"];
        Assert.Equal("failed", (string?)refused["status"]);
        Assert.Null(refused["digest"]);
        Assert.Null(refused["verification"]);
        Assert.Equal(
            $"verify {_registries.Source.Host}/team/app:1.5.0: signature verification failed: failed to verify certificate identity: "
            + $"no matching CertificateIdentity found, last error: expected SAN value to match regex \"^https://github\\.com/org/.*$\", got \"{Stranger}\"",
            (string?)refused["error"]);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_cli.Home, ".cache", "flux-mirror", "tuf")), "the air-gapped trusted root must not touch TUF");
    }

    [Fact]
    public async Task Without_a_trusted_root_file_the_trust_comes_from_a_TUF_repository_and_text_output_names_the_rows()
    {
        var image = await SignedImageAsync("1.0.0", Signer, DateTimeOffset.UtcNow.AddDays(-3));
        using var repository = new TufTestRepository(DateTimeOffset.UtcNow);
        repository.SetTarget("trusted_root.json", _sigstore.TrustedRootJson);
        repository.Publish();
        await using var tuf = await TufRepositoryServer.StartAsync(repository, Ct);
        var env = Offline;
        env["FLUX_MIRROR_SIGSTORE_TUF_URL"] = tuf.BaseUrl.AbsoluteUri;
        env["FLUX_MIRROR_SIGSTORE_TUF_ROOT"] = _cli.WriteConfig(Encoding.UTF8.GetString(repository.InitialRoot));

        var result = await _cli.RunAsync(["sync", _cli.WriteConfig(Config()), "--no-progress"], env);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains($"✓ {_registries.Source.Host}/team/app:1.0.0 (copied)", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(image.Digest, await _registries.Dst.ManifestDigestAsync("mirror/app", "1.0.0", Ct));
        Assert.Contains(tuf.Requests, p => p.Contains("trusted_root.json", StringComparison.Ordinal));
        Assert.True(Directory.Exists(Path.Combine(_cli.Home, ".cache", "flux-mirror", "tuf")), "the TUF metadata is cached on the planning node");
    }

    [Fact]
    public async Task Without_any_trust_given_the_public_good_root_is_fetched_and_an_unreachable_CDN_fails_the_tag_in_one_line()
    {
        await SignedImageAsync("1.0.0", Signer, DateTimeOffset.UtcNow.AddDays(-3));

        var result = await _cli.RunAsync(["sync", _cli.WriteConfig(Config()), "-o", "json"], Offline);

        Assert.Equal(1, result.ExitCode);
        var row = JsonNode.Parse(result.StandardOutput)!["report"]!["results"]![0]!["tags"]!.AsArray().Single()!;
        Assert.Equal("failed", (string?)row["status"]);
        Assert.StartsWith($"verify {_registries.Source.Host}/team/app:1.0.0: fetch trusted root: ", (string?)row["error"]);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    private static void AssertVerification(JsonNode block, bool age)
    {
        Assert.Equal("cosign", (string?)block["provider"]);
        Assert.Equal(Issuer, (string?)block["issuer"]);
        Assert.Equal(Signer, (string?)block["identity"]);
        Assert.NotNull((string?)block["integratedTime"]);
        Assert.Equal(age, block["age"] is not null);
        Assert.Equal(age ? "48h0m0s" : null, (string?)block["minAge"]);
    }

    private async Task<SeededImage> SignedImageAsync(string tag, string san, DateTimeOffset integrated)
    {
        var image = await _registries.Src.PushImageAsync("team/app", tag, seed: Encoding.UTF8.GetBytes("image " + tag), ct: Ct);
        var bundle = _sigstore.SignDigest(image.Digest, san, Issuer, new SignOptions { IntegratedTime = integrated });
        await PrivateSigstore.PushBundleReferrerAsync(_registries.Src, "team/app", image.Digest, bundle, Ct);
        return image;
    }

    private string Config() => SyncConfigs.Config(SyncConfigs.Artifact(
        $"{_registries.Source.Host}/team/app",
        $"{_registries.Destination.Host}/mirror/app",
        extra: "    verify:\n      provider: cosign\n      minAge: 48h\n      matchOIDCIdentity:\n"
            + $"        - issuer: {Issuer}\n          subject: '^https://github\\.com/org/.*$'\n"));
}
