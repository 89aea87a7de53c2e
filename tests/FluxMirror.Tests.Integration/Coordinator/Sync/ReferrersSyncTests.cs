using System.Text;
using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Schemas;

namespace FluxMirror.Tests.Integration.Coordinator.Sync;

/// <summary>
/// includeReferrers end to end. distribution 2.8 has no referrers API, so both sides use the referrers tag schema
/// (<c>sha256-&lt;hex&gt;</c> index): the source's is read for the snapshot, the destination's is extended on push.
/// </summary>
[Collection("Sync")]
public sealed class ReferrersSyncTests : IAsyncLifetime
{
    private const string Sbom = "application/vnd.example.sbom";
    private const string Bundle = "application/vnd.dev.sigstore.bundle.v0.3+json";
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
    public async Task Copies_the_tag_and_its_referrers_byte_identical_then_skips_them_on_a_rerun()
    {
        var (image, sbom, bundle) = await SeedAsync();
        var config = Config();

        var first = await _cli.SyncAsync(config, "-o", "json");

        Assert.Equal(0, first.ExitCode);
        ProjectSchema.Report.AssertValid(first.StandardOutput);
        var row = TagRow(first.StandardOutput);
        Assert.Equal("copied", (string?)row["status"]);
        Assert.Equal(image.Digest, (string?)row["digest"]);
        Assert.Equal(
            await RowsAsync(image, (sbom.Digest, Sbom, "copied"), (bundle.Digest, Bundle, "copied")),
            Referrers(row));
        Assert.Equal(image.Digest, await _registries.Dst.ManifestDigestAsync("mirror/app", "1.0.0", Ct));
        Assert.Equal(sbom.Digest, await _registries.Dst.ManifestDigestAsync("mirror/app", sbom.Digest, Ct));
        Assert.Equal(bundle.Digest, await _registries.Dst.ManifestDigestAsync("mirror/app", bundle.Digest, Ct));
        Assert.Equal(new[] { sbom.Digest, bundle.Digest }.Order(StringComparer.Ordinal), await FallbackDigestsAsync(_registries.Dst, "mirror/app", image.Digest));

        var rerun = await _cli.SyncAsync(config, "-o", "json");

        Assert.Equal(0, rerun.ExitCode);
        ProjectSchema.Report.AssertValid(rerun.StandardOutput);
        var again = TagRow(rerun.StandardOutput);
        Assert.Equal("skipped", (string?)again["status"]);
        Assert.All(again["referrers"]!.AsArray(), r =>
        {
            Assert.Equal("skipped", (string?)r!["status"]);
            Assert.Equal("up-to-date", (string?)r["reason"]);
        });
    }

    [Fact]
    public async Task Dry_run_forecasts_the_referrers_and_writes_nothing()
    {
        var (image, sbom, bundle) = await SeedAsync();

        var result = await _cli.SyncAsync(Config(), "-o", "json", "--dry-run");

        Assert.Equal(0, result.ExitCode);
        ProjectSchema.Report.AssertValid(result.StandardOutput);
        var row = TagRow(result.StandardOutput);
        Assert.Equal("would-copy", (string?)row["status"]);
        Assert.Equal(await RowsAsync(image, (sbom.Digest, Sbom, "would-copy"), (bundle.Digest, Bundle, "would-copy")), Referrers(row));
        Assert.False(await _registries.Dst.RepositoryExistsAsync("mirror/app", Ct));
    }

    [Fact]
    public async Task A_referrer_someone_else_listed_at_the_destination_stays_listed()
    {
        var seed = Encoding.UTF8.GetBytes("same image on both sides");
        var image = await _registries.Src.PushImageAsync("team/app", "1.0.0", seed: seed, ct: Ct);
        Assert.Equal(image.Digest, (await _registries.Dst.PushImageAsync("mirror/app", "1.0.0", seed: seed, ct: Ct)).Digest);
        var foreign = await _registries.Dst.PushArtifactAsync("mirror/app", "foreign", "application/vnd.example.foreign", Encoding.UTF8.GetBytes("theirs"), image.Digest, ct: Ct);
        var sbom = await _registries.Src.PushArtifactAsync("team/app", "ref-sbom", Sbom, Encoding.UTF8.GetBytes("sbom"), image.Digest, ct: Ct);

        var result = await _cli.SyncAsync(Config(), "-o", "json");

        Assert.Equal(0, result.ExitCode);
        var row = TagRow(result.StandardOutput);
        Assert.Equal("skipped", (string?)row["status"]);
        Assert.Equal([$"{sbom.Digest} {Sbom} copied"], Referrers(row));
        Assert.Equal(new[] { sbom.Digest, foreign.Digest }.Order(StringComparer.Ordinal), await FallbackDigestsAsync(_registries.Dst, "mirror/app", image.Digest));
    }

    [Fact]
    public async Task A_referrer_that_cannot_be_copied_fails_its_parent_tag()
    {
        var (image, sbom, bundle) = await SeedAsync();
        var missingLayer = bundle.Blobs.Single(b => b.MediaType != RegistryMediaTypes.OciEmpty).Digest;
        await _registries.Src.DeleteBlobAsync("team/app", missingLayer, Ct);

        var result = await _cli.SyncAsync(Config(), "-o", "json", "--retries", "0");

        Assert.Equal(1, result.ExitCode);
        ProjectSchema.Report.AssertValid(result.StandardOutput);
        var row = TagRow(result.StandardOutput);
        Assert.Equal("failed", (string?)row["status"]);
        Assert.Equal(image.Digest, (string?)row["digest"]);
        Assert.StartsWith(
            $"copy referrer {_registries.Source.Host}/team/app@{bundle.Digest} -> {_registries.Destination.Host}/mirror/app@{bundle.Digest}: ",
            (string?)row["error"]);
        // Rows up to the first failure, in snapshot order: the SBOM only when it comes before the bundle.
        var expected = await RowsAsync(image, (sbom.Digest, Sbom, "copied"), (bundle.Digest, Bundle, "failed"));
        Assert.Equal(expected.Take(Array.FindIndex(expected, r => r.StartsWith(bundle.Digest, StringComparison.Ordinal)) + 1), Referrers(row));
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    // An image with an SBOM and a signature bundle attached, listed in the source's fallback index in digest order.
    private async Task<(SeededImage Image, SeededImage Sbom, SeededImage Bundle)> SeedAsync()
    {
        var image = await _registries.Src.PushImageAsync("team/app", "1.0.0", ct: Ct);
        var sbom = await _registries.Src.PushArtifactAsync("team/app", "ref-sbom", Sbom, Encoding.UTF8.GetBytes("{\"sbom\":true}"), image.Digest, ct: Ct);
        var bundle = await _registries.Src.PushArtifactAsync("team/app", "ref-sig", Bundle, Encoding.UTF8.GetBytes("{\"bundle\":true}"), image.Digest, ct: Ct);
        return (image, sbom, bundle);
    }

    private string Config() => SyncConfigs.Config(SyncConfigs.Artifact(
        $"{_registries.Source.Host}/team/app", $"{_registries.Destination.Host}/mirror/app", "semver: \"*\"\n      limit: 0", "    includeReferrers: true\n"));

    private static JsonNode TagRow(string json) =>
        JsonNode.Parse(json)!["report"]!["results"]![0]!["tags"]!.AsArray().Single()!;

    // Referrer rows come in snapshot order: the order of the source's fallback index (the seeder appends).
    private async Task<string[]> RowsAsync(SeededImage image, params (string Digest, string ArtifactType, string Status)[] rows)
    {
        var order = (await FallbackDigestsAsync(_registries.Src, "team/app", image.Digest)).ToList();
        return [.. rows.OrderBy(r => order.IndexOf(r.Digest)).Select(r => $"{r.Digest} {r.ArtifactType} {r.Status}")];
    }

    private static string[] Referrers(JsonNode row) =>
        [.. row["referrers"]!.AsArray().Select(r => $"{(string?)r!["digest"]} {(string?)r["artifactType"]} {(string?)r["status"]}")];

    private static async Task<IEnumerable<string>> FallbackDigestsAsync(RegistrySeeder registry, string repository, string subject)
    {
        var index = await registry.GetManifestAsync(repository, "sha256-" + subject["sha256:".Length..], Ct);
        Assert.NotNull(index);
        return JsonNode.Parse(index.Value.Bytes)!["manifests"]!.AsArray().Select(d => (string)d!["digest"]!);
    }
}
