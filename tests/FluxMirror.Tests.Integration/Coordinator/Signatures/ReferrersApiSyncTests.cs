using System.Text;
using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Schemas;
using FluxMirror.TestSupport.Sigstore;

namespace FluxMirror.Tests.Integration.Coordinator.Signatures;

/// <summary>
/// includeReferrers against registries with the OCI 1.1 referrers API (a <see cref="ReferrersApiRegistry"/> front
/// over docker-registry): the snapshot comes from the API, and a destination with the API indexes the copied
/// referrers itself (no fallback tag), while a destination without it gets the fallback tag.
/// </summary>
[Collection("Sync")]
public sealed class ReferrersApiSyncTests : IAsyncLifetime
{
    private const string Sbom = "application/vnd.example.sbom";
    private const string Bundle = "application/vnd.dev.sigstore.bundle.v0.3+json";
    private ReferrersApiRegistry _source = null!;
    private readonly FluxMirrorCli _cli = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _source = await ReferrersApiRegistry.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        await _source.DisposeAsync();
    }

    [Fact]
    public async Task Referrers_listed_by_the_source_api_are_indexed_by_the_destination_api_without_a_fallback_tag()
    {
        await using var destination = await ReferrersApiRegistry.StartAsync(Ct);
        var (image, sbom, bundle) = await SeedAsync();

        var result = await _cli.SyncAsync(Config(destination.Host), "-o", "json");

        Assert.Equal(0, result.ExitCode);
        ProjectSchema.Report.AssertValid(result.StandardOutput);
        var row = TagRow(result.StandardOutput);
        Assert.Equal("copied", (string?)row["status"]);
        Assert.Equal(Rows((sbom.Digest, Sbom), (bundle.Digest, Bundle)), Referrers(row));
        Assert.Equal(["1.0.0"], await destination.Seeder.ListTagsAsync("mirror/app", Ct));
        var (listed, filters) = await destination.QueryReferrersAsync("mirror/app", image.Digest, ct: Ct);
        Assert.Null(filters);
        Assert.Equal(Rows((sbom.Digest, Sbom), (bundle.Digest, Bundle)), listed.Select(d => $"{(string?)d["digest"]} {(string?)d["artifactType"]} copied"));
        var (bundles, bundleFilter) = await destination.QueryReferrersAsync("mirror/app", image.Digest, Bundle, Ct);
        Assert.Equal("artifactType", bundleFilter);
        Assert.Equal([bundle.Digest], bundles.Select(d => (string?)d["digest"]));
    }

    [Fact]
    public async Task Referrers_listed_by_the_source_api_land_in_the_fallback_tag_of_a_destination_without_the_api()
    {
        await using var destination = await RegistryProcess.StartAsync(ct: Ct);
        using var seeder = new RegistrySeeder(destination);
        var (image, sbom, bundle) = await SeedAsync();

        var result = await _cli.SyncAsync(Config(destination.Host), "-o", "json");

        Assert.Equal(0, result.ExitCode);
        var row = TagRow(result.StandardOutput);
        Assert.Equal("copied", (string?)row["status"]);
        Assert.Equal(Rows((sbom.Digest, Sbom), (bundle.Digest, Bundle)), Referrers(row));
        var fallback = await seeder.GetManifestAsync("mirror/app", "sha256-" + Digests.Hex(image.Digest), Ct);
        Assert.NotNull(fallback);
        Assert.Equal(
            new[] { sbom.Digest, bundle.Digest }.Order(StringComparer.Ordinal),
            JsonNode.Parse(fallback.Value.Bytes)!["manifests"]!.AsArray().Select(d => (string)d!["digest"]!));
    }

    [Fact]
    public async Task A_bundle_only_the_source_api_lists_is_found_verified_and_copied_with_its_signed_image()
    {
        using var sigstore = PrivateSigstore.Create();
        var image = await _source.Seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        var bundle = await PrivateSigstore.PushBundleReferrerAsync(
            _source.Seeder, "team/app", image.Digest, sigstore.SignDigest(image.Digest, "https://ci.example/org/app", "https://issuer.example"), Ct);
        Assert.DoesNotContain(await _source.Seeder.ListTagsAsync("team/app", Ct), t => t.StartsWith("sha256-", StringComparison.Ordinal));
        await using var destination = await ReferrersApiRegistry.StartAsync(Ct);
        var config = SyncConfigs.Config(SyncConfigs.Artifact(
            $"{_source.Host}/team/app", $"{destination.Host}/mirror/app", "semver: \"*\"\n      limit: 0",
            "    includeReferrers: true\n    verify:\n      provider: cosign\n      matchOIDCIdentity:\n"
            + "        - issuer: https://issuer.example\n          subject: '^https://ci\\.example/org/'\n"));

        var result = await _cli.RunAsync(["sync", _cli.WriteConfig(config), "-o", "json", "--sigstore-trusted-root", _cli.WriteConfig(Encoding.UTF8.GetString(sigstore.TrustedRootJson))]);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        var row = TagRow(result.StandardOutput);
        Assert.Equal(("copied", image.Digest), ((string?)row["status"], (string?)row["digest"]));
        Assert.Equal("https://ci.example/org/app", (string?)row["verification"]!["identity"]);
        Assert.Equal(Rows((bundle.Digest, Bundle)), Referrers(row));
        var (listed, _) = await destination.QueryReferrersAsync("mirror/app", image.Digest, ct: Ct);
        Assert.Equal([bundle.Digest], listed.Select(d => (string?)d["digest"]));
    }

    // The source keeps no fallback tag: only its referrers API knows the SBOM and the bundle.
    private async Task<(SeededImage Image, SeededImage Sbom, SeededImage Bundle)> SeedAsync()
    {
        var image = await _source.Seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        var sbom = await _source.Seeder.PushArtifactAsync("team/app", "ref-sbom", Sbom, Encoding.UTF8.GetBytes("{\"sbom\":true}"), image.Digest, ct: Ct);
        var bundle = await _source.Seeder.PushArtifactAsync("team/app", "ref-sig", Bundle, Encoding.UTF8.GetBytes("{\"bundle\":true}"), image.Digest, ct: Ct);
        Assert.DoesNotContain(await _source.Seeder.ListTagsAsync("team/app", Ct), t => t.StartsWith("sha256-", StringComparison.Ordinal));
        return (image, sbom, bundle);
    }

    private string Config(string destinationHost) => SyncConfigs.Config(SyncConfigs.Artifact(
        $"{_source.Host}/team/app", $"{destinationHost}/mirror/app", "semver: \"*\"\n      limit: 0", "    includeReferrers: true\n"));

    private static JsonNode TagRow(string json) =>
        JsonNode.Parse(json)!["report"]!["results"]![0]!["tags"]!.AsArray().Single(t => (string?)t!["tag"] == "1.0.0")!;

    // The API lists referrers in digest order, and the snapshot keeps that order.
    private static string[] Rows(params (string Digest, string ArtifactType)[] rows) =>
        [.. rows.OrderBy(r => r.Digest, StringComparer.Ordinal).Select(r => $"{r.Digest} {r.ArtifactType} copied")];

    private static string[] Referrers(JsonNode row) =>
        [.. row["referrers"]!.AsArray().Select(r => $"{(string?)r!["digest"]} {(string?)r["artifactType"]} {(string?)r["status"]}")];
}
