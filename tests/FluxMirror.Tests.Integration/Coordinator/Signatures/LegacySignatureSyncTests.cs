using System.Text;
using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Schemas;
using FluxMirror.TestSupport.Sigstore;

namespace FluxMirror.Tests.Integration.Coordinator.Signatures;

/// <summary>
/// Cosign tag-based ("legacy") signatures, <c>sha256-&lt;hex&gt;.sig</c>: no subject points them at the image, so
/// includeReferrers finds them by tag and copies them under the same tag, reported as one more referrer row.
/// </summary>
[Collection("Sync")]
public sealed class LegacySignatureSyncTests : IAsyncLifetime
{
    private const string Sbom = "application/vnd.example.sbom";
    private RegistryPair _registries = null!;
    private readonly FluxMirrorCli _cli = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _registries = await RegistryPair.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        await _registries.DisposeAsync();
    }

    [Fact]
    public async Task The_sig_tag_is_copied_under_the_same_tag_with_the_referrers_then_found_up_to_date()
    {
        var image = await _registries.Src.PushImageAsync("team/app", "1.0.0", ct: Ct);
        var sbom = await _registries.Src.PushArtifactAsync("team/app", "ref-sbom", Sbom, Encoding.UTF8.GetBytes("{\"sbom\":true}"), image.Digest, ct: Ct);
        var payload = SimpleSigningPayloads.Create($"{_registries.Source.Host}/team/app", image.Digest);
        var signature = await LegacySignatureManifest.PushAsync(_registries.Src, "team/app", image.Digest,
            [new LegacySignatureLayer(payload, new Dictionary<string, string> { ["dev.cosignproject.cosign/signature"] = "c2lnbmF0dXJl" })], Ct);
        var config = SyncConfigs.Config(SyncConfigs.Artifact(
            $"{_registries.Source.Host}/team/app", $"{_registries.Destination.Host}/mirror/app", "semver: \"*\"\n      limit: 0", "    includeReferrers: true\n"));

        var first = await _cli.SyncAsync(config, "-o", "json");

        Assert.Equal(0, first.ExitCode);
        ProjectSchema.Report.AssertValid(first.StandardOutput);
        var row = TagRow(first.StandardOutput);
        Assert.Equal("copied", (string?)row["status"]);
        Assert.Equal([$"{sbom.Digest} {Sbom} copied", $"{signature.Digest}  copied"], Referrers(row));
        Assert.Null(row["referrers"]![1]!["artifactType"]);
        Assert.Equal(signature.Digest, await _registries.Dst.ManifestDigestAsync("mirror/app", LegacySignatureManifest.Tag(image.Digest), Ct));
        Assert.Equal(payload, await _registries.Dst.GetBlobAsync("mirror/app", signature.Blobs[1].Digest, Ct));

        var rerun = await _cli.SyncAsync(config, "-o", "json");

        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal([$"{sbom.Digest} {Sbom} skipped", $"{signature.Digest}  skipped"], Referrers(TagRow(rerun.StandardOutput)));
    }

    [Fact]
    public async Task A_legacy_keyless_signature_verifies_through_sync_and_pins_the_copy()
    {
        using var sigstore = PrivateSigstore.Create();
        var image = await _registries.Src.PushImageAsync("team/app", "1.0.0", ct: Ct);
        var layer = new LegacySignatureBuilder(sigstore.Fulcio, sigstore.Rekor).Sign(
            $"{_registries.Source.Host}/team/app", image.Digest, "https://ci.example/org/app", "https://issuer.example", DateTimeOffset.UtcNow.AddDays(-1));
        await LegacySignatureBuilder.PushAsync(_registries.Src, "team/app", image.Digest, [layer], Ct);
        var config = SyncConfigs.Config(SyncConfigs.Artifact(
            $"{_registries.Source.Host}/team/app", $"{_registries.Destination.Host}/mirror/app", "semver: \"*\"\n      limit: 0",
            "    verify:\n      provider: cosign\n      matchOIDCIdentity:\n        - issuer: https://issuer.example\n          subject: '^https://ci\\.example/org/'\n"));

        var result = await _cli.RunAsync(["sync", _cli.WriteConfig(config), "-o", "json", "--sigstore-trusted-root", _cli.WriteConfig(Encoding.UTF8.GetString(sigstore.TrustedRootJson))]);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        ProjectSchema.Report.AssertValid(result.StandardOutput);
        var row = TagRow(result.StandardOutput);
        Assert.Equal(("copied", image.Digest), ((string?)row["status"], (string?)row["digest"]));
        Assert.Equal(("https://ci.example/org/app", "https://issuer.example"), ((string?)row["verification"]!["identity"], (string?)row["verification"]!["issuer"]));
        Assert.Equal(image.Digest, await _registries.Dst.ManifestDigestAsync("mirror/app", "1.0.0", Ct));
    }

    private static JsonNode TagRow(string json) =>
        JsonNode.Parse(json)!["report"]!["results"]![0]!["tags"]!.AsArray().Single(t => (string?)t!["tag"] == "1.0.0")!;

    private static string[] Referrers(JsonNode row) =>
        [.. row["referrers"]!.AsArray().Select(r => $"{(string?)r!["digest"]} {(string?)r["artifactType"]} {(string?)r["status"]}")];
}
