using System.IO.Compression;
using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Infrastructure;

[Collection("Processes")]
public sealed class RegistrySeederTests : IAsyncLifetime
{
    private RegistryProcess _registry = null!;
    private RegistrySeeder _seeder = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _registry = await RegistryProcess.StartAsync(ct: Ct);
        _seeder = new RegistrySeeder(_registry);
    }

    public async ValueTask DisposeAsync()
    {
        _seeder.Dispose();
        await _registry.DisposeAsync();
    }

    [Fact]
    public async Task Pushed_image_digest_is_sha256_of_manifest_bytes_and_blobs_exist()
    {
        var image = await _seeder.PushImageAsync("team/app", "1.0.0", layers: 2, ct: Ct);

        Assert.Equal(Digests.Sha256(image.ManifestBytes), image.Digest);
        Assert.Equal(image.Digest, await _seeder.ManifestDigestAsync("team/app", "1.0.0", Ct));
        Assert.Equal(3, image.Blobs.Count);
        foreach (var blob in image.Blobs)
            Assert.True(await _seeder.BlobExistsAsync("team/app", blob.Digest, Ct), blob.Digest);
        var stored = await _seeder.GetManifestAsync("team/app", image.Digest, Ct);
        Assert.Equal(image.ManifestBytes, stored!.Value.Bytes);
        Assert.Equal(RegistryMediaTypes.OciManifest, stored.Value.MediaType);
        Assert.Null(await _seeder.ManifestDigestAsync("team/app", "missing", Ct));
    }

    [Fact]
    public async Task Seeded_docker_images_are_reproducible()
    {
        var first = await _seeder.PushImageAsync("docker/app", "a", mediaTypeFamily: "docker", seed: [1, 2, 3], ct: Ct);
        var second = await _seeder.PushImageAsync("docker/app", "b", mediaTypeFamily: "docker", seed: [1, 2, 3], ct: Ct);
        var other = await _seeder.PushImageAsync("docker/app", "c", mediaTypeFamily: "docker", seed: [9], ct: Ct);

        Assert.Equal(RegistryMediaTypes.DockerManifest, first.MediaType);
        Assert.Equal(first.Digest, second.Digest);
        Assert.NotEqual(first.Digest, other.Digest);
    }

    [Fact]
    public async Task Index_lists_one_child_per_platform_and_tags_are_listed()
    {
        var index = await _seeder.PushIndexAsync("multi/app", "latest", "linux/amd64", "linux/arm64");
        await _seeder.TagAsync("multi/app", index.Digest, "stable", Ct);

        var manifests = JsonNode.Parse(index.ManifestBytes)!["manifests"]!.AsArray();
        Assert.Equal(["linux/amd64", "linux/arm64"], index.Children.Select(c => c.Platform));
        Assert.Equal(index.ChildDigests, manifests.Select(m => m!["digest"]!.GetValue<string>()));
        Assert.Equal("arm64", manifests[1]!["platform"]!["architecture"]!.GetValue<string>());
        foreach (var child in index.ChildDigests)
            Assert.Equal(child, await _seeder.ManifestDigestAsync("multi/app", child, Ct));
        Assert.Equal(["latest", "stable"], (await _seeder.ListTagsAsync("multi/app", Ct)).Order());
        Assert.Equal(index.Digest, await _seeder.ManifestDigestAsync("multi/app", "stable", Ct));
        Assert.Empty(await _seeder.ListTagsAsync("nobody/here", Ct));
        Assert.True(await _seeder.RepositoryExistsAsync("multi/app", Ct));
        Assert.False(await _seeder.RepositoryExistsAsync("nobody/here", Ct));
    }

    [Fact]
    public async Task Docker_manifest_list_is_pushed_with_docker_media_types()
    {
        var list = await _seeder.PushIndexAsync("multi/docker", "v1", ["linux/amd64", "linux/arm/v7"], "docker", Ct);

        var stored = await _seeder.GetManifestAsync("multi/docker", "v1", Ct);
        Assert.Equal(RegistryMediaTypes.DockerManifestList, stored!.Value.MediaType);
        Assert.All(list.Children, c => Assert.Equal(RegistryMediaTypes.DockerManifest, c.MediaType));
        Assert.Equal("v7", JsonNode.Parse(list.ManifestBytes)!["manifests"]![1]!["platform"]!["variant"]!.GetValue<string>());
    }

    [Fact]
    public async Task Corrupted_blob_is_served_with_a_digest_mismatch()
    {
        var image = await _seeder.PushImageAsync("fault/app", "v1", ct: Ct);
        var layer = image.Blobs[^1];

        await _seeder.CorruptBlobAsync(layer.Digest, Ct);
        var served = await _seeder.GetBlobAsync("fault/app", layer.Digest, Ct);

        Assert.Equal(layer.Size, served.Length);
        Assert.NotEqual(layer.Digest, Digests.Sha256(served));
    }

    [Fact]
    public async Task Deleted_blob_no_longer_exists_in_the_repository()
    {
        var image = await _seeder.PushImageAsync("fault/gone", "v1", ct: Ct);

        await _seeder.DeleteBlobAsync("fault/gone", image.Blobs[^1].Digest, Ct);

        Assert.False(await _seeder.BlobExistsAsync("fault/gone", image.Blobs[^1].Digest, Ct));
    }

    [Fact]
    public async Task Artifact_with_subject_carries_artifact_type_and_updates_referrers_tag()
    {
        var subject = await _seeder.PushImageAsync("sig/app", "v1", ct: Ct);
        var signature = await _seeder.PushArtifactAsync(
            "sig/app", "sig", "application/vnd.example.signature", "signed"u8.ToArray(), subject.Digest, ct: Ct);

        var manifest = JsonNode.Parse(signature.ManifestBytes)!;
        Assert.Equal("application/vnd.example.signature", manifest["artifactType"]!.GetValue<string>());
        Assert.Equal(RegistryMediaTypes.OciEmpty, manifest["config"]!["mediaType"]!.GetValue<string>());
        Assert.Equal(subject.Digest, manifest["subject"]!["digest"]!.GetValue<string>());
        Assert.Equal(signature.ManifestBytes, (await _seeder.GetManifestAsync("sig/app", "sig", Ct))!.Value.Bytes);
        var referrers = await _seeder.GetManifestAsync("sig/app", "sha256-" + Digests.Hex(subject.Digest), Ct);
        Assert.Equal(signature.Digest, JsonNode.Parse(referrers!.Value.Bytes)!["manifests"]![0]!["digest"]!.GetValue<string>());
    }

    [Fact]
    public async Task Big_image_layer_is_streamed_as_gzip_and_matches_its_digest_and_diff_id()
    {
        const long size = (3 << 20) + 5;
        var image = await _seeder.PushBigImageAsync("big/app", "v1", size, Ct);

        var layer = image.Blobs[^1];
        var served = await _seeder.GetBlobAsync("big/app", layer.Digest, Ct);
        Assert.Equal(layer.Size, served.LongLength);
        Assert.Equal(layer.Digest, Digests.Sha256(served));
        using var payload = new MemoryStream();
        await using (var gzip = new GZipStream(new MemoryStream(served), CompressionMode.Decompress))
            await gzip.CopyToAsync(payload, Ct);
        Assert.Equal(size, payload.Length);
        var config = JsonNode.Parse(await _seeder.GetBlobAsync("big/app", image.Blobs[0].Digest, Ct))!;
        Assert.Equal(Digests.Sha256(payload.ToArray()), config["rootfs"]!["diff_ids"]![0]!.GetValue<string>());
    }
}
