using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Schemas;

namespace FluxMirror.Tests.Integration.Coordinator.Sync;

/// <summary>End to end: the flux-mirror executable against two real registries.</summary>
[Collection("Sync")]
public sealed class ArtifactSyncTests : IAsyncLifetime
{
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

    private string Entry(string repo, string dstRepo, string selector = "semver: \"*\"\n      limit: 0", string extra = "") =>
        SyncConfigs.Artifact($"{_registries.Source.Host}/{repo}", $"{_registries.Destination.Host}/{dstRepo}", selector, extra);

    [Fact]
    public async Task Copies_the_selected_tags_with_identical_digests()
    {
        var images = new Dictionary<string, SeededImage>();
        foreach (var tag in new[] { "1.0.0", "1.1.0", "1.2.0", "2.0.0-rc.1", "latest" })
        {
            images[tag] = await _registries.Src.PushImageAsync("team/app", tag, ct: Ct);
        }

        var result = await _cli.SyncAsync(SyncConfigs.Config(Entry("team/app", "mirror/app", "semver: \">=1.0.0\"\n      limit: 2")));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"✓ {_registries.Source.Host}/team/app:1.2.0 (copied)", result.StandardOutput);
        Assert.Contains($"  → {_registries.Destination.Host}/mirror/app:1.2.0", result.StandardOutput);
        Assert.Contains("Summary: 2 copied in ", result.StandardOutput);
        Assert.Equal(images["1.2.0"].Digest, await _registries.Dst.ManifestDigestAsync("mirror/app", "1.2.0", Ct));
        Assert.Equal(images["1.1.0"].Digest, await _registries.Dst.ManifestDigestAsync("mirror/app", "1.1.0", Ct));
        Assert.Equal(["1.1.0", "1.2.0"], (await _registries.Dst.ListTagsAsync("mirror/app", Ct)).Order());
    }

    [Fact]
    public async Task Copies_a_multi_arch_index_whole()
    {
        var index = await _registries.Src.PushIndexAsync("team/multi", "1.0.0", "linux/amd64", "linux/arm64", "linux/s390x");

        var result = await _cli.SyncAsync(SyncConfigs.Config(Entry("team/multi", "mirror/multi")));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(index.Digest, await _registries.Dst.ManifestDigestAsync("mirror/multi", "1.0.0", Ct));
        foreach (var child in index.Children)
        {
            Assert.Equal(child.Digest, await _registries.Dst.ManifestDigestAsync("mirror/multi", child.Digest, Ct));
            foreach (var blob in child.Blobs)
            {
                Assert.True(await _registries.Dst.BlobExistsAsync("mirror/multi", blob.Digest, Ct), $"blob {blob.Digest} missing");
            }
        }
    }

    [Fact]
    public async Task A_tag_the_destination_lacks_is_fetched_once_from_the_source_without_a_head()
    {
        var images = new Dictionary<string, SeededImage>();
        foreach (var tag in new[] { "1.0.0", "1.1.0", "1.2.0" })
        {
            images[tag] = await _registries.Src.PushImageAsync("team/app", tag, ct: Ct);
        }

        _registries.Source.ClearRequestLog();

        var result = await _cli.SyncAsync(SyncConfigs.Config(Entry("team/app", "mirror/app")), "-o", "json");

        Assert.Equal(0, result.ExitCode);
        var rows = JsonNode.Parse(result.StandardOutput)!["report"]!["results"]![0]!["tags"]!.AsArray();
        Assert.All(rows, row => Assert.Equal(images[row!["tag"]!.GetValue<string>()].Digest, row["digest"]!.GetValue<string>()));
        var manifests = (await _registries.Source.RequestsAsync(Ct)).Where(r => r.PathWithoutQuery.Contains("/manifests/", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(manifests, r => r.Method == "HEAD");
        Assert.Equal(["GET /v2/team/app/manifests/1.0.0", "GET /v2/team/app/manifests/1.1.0", "GET /v2/team/app/manifests/1.2.0"], manifests.Select(r => $"{r.Method} {r.PathWithoutQuery}").Order());
        Assert.Equal(images["1.1.0"].Digest, await _registries.Dst.ManifestDigestAsync("mirror/app", "1.1.0", Ct));
    }

    [Fact]
    public async Task A_rerun_skips_everything_as_up_to_date()
    {
        await _registries.Src.PushImageAsync("team/app", "1.0.0", ct: Ct);
        await _registries.Src.PushImageAsync("team/app", "1.1.0", ct: Ct);
        var config = SyncConfigs.Config(Entry("team/app", "mirror/app"));
        Assert.Equal(0, (await _cli.SyncAsync(config)).ExitCode);

        var rerun = await _cli.SyncAsync(config, "-o", "json");

        Assert.Equal(0, rerun.ExitCode);
        var tags = JsonNode.Parse(rerun.StandardOutput)!["report"]!["results"]![0]!["tags"]!.AsArray();
        Assert.Equal(2, tags.Count);
        Assert.All(tags, t =>
        {
            Assert.Equal("skipped", t!["status"]!.GetValue<string>());
            Assert.Equal("up-to-date", t["reason"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Drift_is_reported_and_exits_2_unless_the_drift_exit_code_says_otherwise()
    {
        await _registries.Src.PushImageAsync("team/app", "1.0.0", ct: Ct);
        var other = await _registries.Dst.PushImageAsync("mirror/app", "1.0.0", ct: Ct);
        var config = SyncConfigs.Config(Entry("team/app", "mirror/app"));

        var drift = await _cli.SyncAsync(config);
        Assert.Equal(2, drift.ExitCode);
        Assert.Contains("(drifted)", drift.StandardOutput);
        Assert.Contains("Summary: 1 drifted in ", drift.StandardOutput);
        Assert.Equal(other.Digest, await _registries.Dst.ManifestDigestAsync("mirror/app", "1.0.0", Ct));

        var tolerated = await _cli.SyncAsync(config, "--drift-exit-code", "0");
        Assert.Equal(0, tolerated.ExitCode);

        var json = await _cli.SyncAsync(config, "-o", "json", "--drift-exit-code", "0");
        Assert.Equal(2, JsonNode.Parse(json.StandardOutput)!["report"]!["summary"]!["exitCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task Overwrite_replaces_a_drifted_tag()
    {
        var source = await _registries.Src.PushImageAsync("team/app", "1.0.0", ct: Ct);
        await _registries.Dst.PushImageAsync("mirror/app", "1.0.0", ct: Ct);

        var result = await _cli.SyncAsync(SyncConfigs.Config(Entry("team/app", "mirror/app")), "--overwrite");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(overwritten)", result.StandardOutput);
        Assert.Equal(source.Digest, await _registries.Dst.ManifestDigestAsync("mirror/app", "1.0.0", Ct));
    }

    [Fact]
    public async Task Per_entry_overwrite_is_honoured()
    {
        var source = await _registries.Src.PushImageAsync("team/app", "1.0.0", ct: Ct);
        await _registries.Dst.PushImageAsync("mirror/app", "1.0.0", ct: Ct);

        var result = await _cli.SyncAsync(SyncConfigs.Config(Entry("team/app", "mirror/app", extra: "    overwrite: true\n")));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(source.Digest, await _registries.Dst.ManifestDigestAsync("mirror/app", "1.0.0", Ct));
    }

    [Fact]
    public async Task Dry_run_forecasts_and_writes_nothing()
    {
        await _registries.Src.PushImageAsync("team/app", "1.0.0", ct: Ct);
        await _registries.Src.PushImageAsync("team/app", "1.1.0", ct: Ct);

        var result = await _cli.SyncAsync(SyncConfigs.Config(Entry("team/app", "mirror/app")), "--dry-run", "-o", "yaml");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("status: would-copy", result.StandardOutput);
        Assert.Contains("wouldCopy: 2", result.StandardOutput);
        Assert.False(await _registries.Dst.RepositoryExistsAsync("mirror/app", Ct));
        Assert.DoesNotContain((await _registries.Destination.RequestsAsync(Ct)), r => r.Method is "PUT" or "POST" or "PATCH");
    }

    [Fact]
    public async Task A_missing_source_fails_its_plan_and_the_other_entries_continue()
    {
        var image = await _registries.Src.PushImageAsync("team/app", "1.0.0", ct: Ct);

        var result = await _cli.SyncAsync(SyncConfigs.Config(Entry("team/nope", "mirror/nope"), Entry("team/app", "mirror/app")), "-o", "json");

        Assert.Equal(1, result.ExitCode);
        ProjectSchema.Report.AssertValid(result.StandardOutput);
        var results = JsonNode.Parse(result.StandardOutput)!["report"]!["results"]!.AsArray();
        Assert.Equal("failed", results[0]!["status"]!.GetValue<string>());
        Assert.StartsWith($"list tags {_registries.Source.Host}/team/nope: GET http://{_registries.Source.Host}/v2/team/nope/tags/list", results[0]!["error"]!.GetValue<string>());
        Assert.Contains("NAME_UNKNOWN", results[0]!["error"]!.GetValue<string>());
        Assert.Equal("completed", results[1]!["status"]!.GetValue<string>());
        Assert.Equal(image.Digest, await _registries.Dst.ManifestDigestAsync("mirror/app", "1.0.0", Ct));
    }

    [Fact]
    public async Task Plan_failure_prints_a_cross_line_in_text_mode()
    {
        var result = await _cli.SyncAsync(SyncConfigs.Config(Entry("team/nope", "mirror/nope")));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"✗ {_registries.Source.Host}/team/nope — plan failed: list tags {_registries.Source.Host}/team/nope: ", result.StandardOutput);
        Assert.Contains("Summary: 1 failed in ", result.StandardOutput);
    }

    [Fact]
    public async Task The_json_report_validates_and_keeps_plan_order()
    {
        foreach (var tag in new[] { "1.0.0", "1.1.0", "1.2.0", "1.3.0" })
        {
            await _registries.Src.PushImageAsync("team/app", tag, ct: Ct);
        }

        var result = await _cli.SyncAsync(SyncConfigs.Config(Entry("team/app", "mirror/app")), "-o", "json", "--concurrency", "4");

        Assert.Equal(0, result.ExitCode);
        ProjectSchema.Report.AssertValid(result.StandardOutput);
        var report = JsonNode.Parse(result.StandardOutput)!["report"]!;
        Assert.StartsWith("flux-mirror/v", report["reporter"]!.GetValue<string>());
        var tags = report["results"]![0]!["tags"]!.AsArray().Select(t => t!["tag"]!.GetValue<string>()).ToList();
        Assert.Equal(["1.3.0", "1.2.0", "1.1.0", "1.0.0"], tags);
        Assert.Equal(4, report["summary"]!["copied"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_same_registry_copy_mounts_blobs_instead_of_uploading()
    {
        var image = await _registries.Src.PushImageAsync("team/app", "1.0.0", layers: 2, ct: Ct);
        _registries.Source.ClearRequestLog();

        var config = SyncConfigs.Config(SyncConfigs.Artifact($"{_registries.Source.Host}/team/app", $"{_registries.Source.Host}/mirror/app"));
        var result = await _cli.SyncAsync(config);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(image.Digest, await _registries.Src.ManifestDigestAsync("mirror/app", "1.0.0", Ct));
        var requests = await _registries.Source.RequestsAsync(Ct);
        Assert.Contains(requests, r => r.Method == "POST" && r.Path.Contains("mount=", StringComparison.Ordinal) && r.Status == 201);
        Assert.DoesNotContain(requests, r => r.Method is "PATCH" || (r.Method == "PUT" && r.PathWithoutQuery.Contains("/blobs/uploads/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Max_chunk_size_splits_uploads_into_patches()
    {
        var image = await _registries.Src.PushImageAsync("team/big", "1.0.0", layers: 1, layerSize: 300 * 1024, ct: Ct);
        var config = SyncConfigs.Config(Entry("team/big", "mirror/big")) + $"hosts:\n  - host: {_registries.Destination.Host}\n    maxChunkSize: 64\n";

        var result = await _cli.SyncAsync(config);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(image.Digest, await _registries.Dst.ManifestDigestAsync("mirror/big", "1.0.0", Ct));
        var patches = (await _registries.Destination.RequestsAsync(Ct)).Count(r => r.Method == "PATCH" && r.Status == 202);
        Assert.True(patches >= 5, $"expected at least 5 chunked PATCHes for a 300 KiB layer, saw {patches}");
    }

    [Fact]
    public async Task A_blob_whose_bytes_do_not_match_its_digest_fails_the_tag_and_is_never_committed()
    {
        var image = await _registries.Src.PushImageAsync("team/app", "1.0.0", layerSize: 8192, ct: Ct);
        var layer = image.Blobs.Single(b => b.MediaType.Contains("layer", StringComparison.Ordinal));
        await _registries.Src.CorruptBlobAsync(layer.Digest, Ct);

        var result = await _cli.SyncAsync(SyncConfigs.Config(Entry("team/app", "mirror/app")), "--retries", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"✗ {_registries.Source.Host}/team/app:1.0.0 — ", result.StandardOutput);
        Assert.Contains("digest", result.StandardOutput);
        Assert.False(await _registries.Dst.BlobExistsAsync("mirror/app", layer.Digest, Ct));
        Assert.Null(await _registries.Dst.ManifestDigestAsync("mirror/app", "1.0.0", Ct));
    }

    [Fact]
    public async Task A_manifest_referencing_a_missing_blob_fails_with_a_clear_error()
    {
        var image = await _registries.Src.PushImageAsync("team/app", "1.0.0", ct: Ct);
        var layer = image.Blobs.Single(b => b.MediaType.Contains("layer", StringComparison.Ordinal));
        await _registries.Src.DeleteBlobAsync("team/app", layer.Digest, Ct);

        var result = await _cli.SyncAsync(SyncConfigs.Config(Entry("team/app", "mirror/app")), "--retries", "0", "-o", "json");

        Assert.Equal(1, result.ExitCode);
        var row = JsonNode.Parse(result.StandardOutput)!["report"]!["results"]![0]!["tags"]![0]!;
        Assert.Equal("failed", row["status"]!.GetValue<string>());
        Assert.Contains("BLOB_UNKNOWN", row["error"]!.GetValue<string>());
        Assert.Null(await _registries.Dst.ManifestDigestAsync("mirror/app", "1.0.0", Ct));
    }

    [Fact]
    public async Task A_registry_that_is_down_fails_within_the_budget()
    {
        await _registries.Src.PushImageAsync("team/app", "1.0.0", ct: Ct);
        await _registries.Destination.StopAsync();

        var result = await _cli.SyncAsync(SyncConfigs.Config(Entry("team/app", "mirror/app")), "--retries", "1", "--timeout", "20s");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"✗ {_registries.Source.Host}/team/app:1.0.0 — digest {_registries.Destination.Host}/mirror/app:1.0.0: ", result.StandardOutput);
        Assert.Contains("Summary: 1 failed in ", result.StandardOutput);
    }
}
