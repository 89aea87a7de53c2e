using System.Text;
using System.Text.Json.Nodes;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Registry;

[Collection("Processes")]
public sealed class ManifestCopyTests : RegistryTestBase
{
    [Theory]
    [InlineData("oci")]
    [InlineData("docker")]
    public async Task Image_copy_across_registries_is_byte_identical(string family)
    {
        var image = await Seeder.PushImageAsync("team/app", "v1", layers: 3, mediaTypeFamily: family, ct: Ct);
        var destination = await StartRegistryAsync();
        var client = CreateClient();

        var outcome = await new ArtifactCopier(client).CopyAsync(Repo("team/app"), "v1", Repo("mirror/app", destination), "v1", 2, Ct);

        Assert.Equal(image.Digest, outcome.Digest);
        Assert.Equal((4, 0, 0), (outcome.BlobsPushed, outcome.BlobsMounted, outcome.BlobsExisting));
        Assert.Equal(image.Blobs.Sum(b => b.Size) + image.ManifestBytes.Length, outcome.BytesUploaded);
        using var destinationSeeder = new RegistrySeeder(destination);
        var stored = await destinationSeeder.GetManifestAsync("mirror/app", "v1", Ct);
        Assert.Equal(image.ManifestBytes, stored!.Value.Bytes);
        Assert.Equal(image.MediaType, stored.Value.MediaType);
        Assert.Contains($"Copying from {Registry.Host}/team/app:v1 to {destination.Host}/mirror/app:v1", LogLines);
        Assert.Contains($"{destination.Host}/mirror/app:v1: digest: {image.Digest} size: {image.ManifestBytes.Length}", LogLines);
    }

    [Fact]
    public async Task Put_manifest_by_digest_returns_the_digest()
    {
        var image = await Seeder.PushImageAsync("team/app", "v1", ct: Ct);
        var client = CreateClient();
        var manifest = await client.GetManifestAsync(Repo("team/app"), "v1", Ct);

        var digest = await client.PutManifestAsync(Repo("team/app"), image.Digest, manifest, Ct);
        var retagged = await client.PutManifestAsync(Repo("team/app"), "v2", manifest, Ct);

        Assert.Equal(image.Digest, digest);
        Assert.Equal(image.Digest, retagged);
        Assert.Equal(image.Digest, await Seeder.ManifestDigestAsync("team/app", "v2", Ct));
    }

    [Theory]
    [InlineData("oci")]
    [InlineData("docker")]
    public async Task Index_copy_brings_every_child_first(string family)
    {
        var index = await Seeder.PushIndexAsync("team/app", "multi", ["linux/amd64", "linux/arm64", "linux/arm/v7"], family, Ct);
        var destination = await StartRegistryAsync();
        var client = CreateClient();

        var outcome = await new ArtifactCopier(client).CopyAsync(Repo("team/app"), "multi", Repo("mirror/app", destination), "multi", 4, Ct);

        Assert.Equal(index.Digest, outcome.Digest);
        using var destinationSeeder = new RegistrySeeder(destination);
        Assert.Equal(index.ManifestBytes, (await destinationSeeder.GetManifestAsync("mirror/app", "multi", Ct))!.Value.Bytes);
        foreach (var child in index.Children)
        {
            Assert.Equal(child.Digest, await destinationSeeder.ManifestDigestAsync("mirror/app", child.Digest, Ct));
            Assert.All(child.Blobs, b => Assert.Contains($"pushed blob: {b.Digest}", LogLines));
        }

        var manifestPuts = (await destination.RequestsAsync(Ct)).Where(r => r.Method == "PUT" && r.Path.Contains("/manifests/", StringComparison.Ordinal)).ToArray();
        Assert.Equal("/v2/mirror/app/manifests/multi", manifestPuts[^1].Path);
        Assert.Equal(index.Children.Count + 1, manifestPuts.Length);
    }

    [Fact]
    public async Task Artifact_with_subject_creates_the_referrers_fallback_tag()
    {
        var image = await Seeder.PushImageAsync("team/app", "v1", ct: Ct);
        var client = CreateClient();
        var repo = Repo("team/app");
        var first = await PushArtifactAsync(client, repo, "application/vnd.example.sig", image, "first");
        var second = await PushArtifactAsync(client, repo, "application/vnd.example.sbom", image, "second");
        await client.PutManifestAsync(repo, first.Digest, first, Ct);

        var fallbackTag = "sha256-" + Digests.Hex(image.Digest);
        var stored = await Seeder.GetManifestAsync("team/app", fallbackTag, Ct);
        Assert.Equal(RegistryMediaTypes.OciIndex, stored!.Value.MediaType);
        var entries = JsonNode.Parse(stored.Value.Bytes)!["manifests"]!.AsArray();
        Assert.Equal(new[] { first.Digest, second.Digest }.Order(StringComparer.Ordinal), entries.Select(e => (string)e!["digest"]!));
        Assert.Contains($"updating fallback tag {fallbackTag} with new referrer", LogLines);
        Assert.Contains($"fallback tag {fallbackTag} already had referrer", LogLines);

        var referrers = await client.ListReferrersAsync(repo, image.Digest, Ct);
        Assert.Equal(
            new[] { (first.Digest, "application/vnd.example.sig"), (second.Digest, "application/vnd.example.sbom") }.OrderBy(r => r.Item1, StringComparer.Ordinal),
            referrers.Select(r => (r.Digest, r.ArtifactType!)));
        Assert.Empty(await client.ListReferrersAsync(repo, first.Digest, Ct));
    }

    [Fact]
    public async Task Copied_referrer_is_recorded_in_the_destination_fallback_tag()
    {
        var image = await Seeder.PushImageAsync("team/app", "v1", ct: Ct);
        var signature = await Seeder.PushArtifactAsync("team/app", "sig", "application/vnd.example.sig", "signed"u8.ToArray(), image.Digest, ct: Ct);
        var destination = await StartRegistryAsync();
        var client = CreateClient();
        var copier = new ArtifactCopier(client);

        await copier.CopyAsync(Repo("team/app"), "v1", Repo("mirror/app", destination), "v1", 2, Ct);
        var outcome = await copier.CopyAsync(Repo("team/app"), signature.Digest, Repo("mirror/app", destination), signature.Digest, 2, Ct);

        Assert.Equal(signature.Digest, outcome.Digest);
        var referrers = await client.ListReferrersAsync(Repo("mirror/app", destination), image.Digest, Ct);
        var referrer = Assert.Single(referrers);
        Assert.Equal((signature.Digest, "application/vnd.example.sig"), (referrer.Digest, referrer.ArtifactType));
    }

    private static async Task<ManifestBlob> PushArtifactAsync(RegistryClient client, RepositoryRef repo, string artifactType, SeededImage subject, string text)
    {
        var empty = "{}"u8.ToArray();
        var content = Encoding.UTF8.GetBytes(text);
        await client.PushBlobAsync(repo, new MemoryStream(empty), Digest.Compute(empty), empty.Length, Ct);
        await client.PushBlobAsync(repo, new MemoryStream(content), Digest.Compute(content), content.Length, Ct);
        var json = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciManifest,
            ["artifactType"] = artifactType,
            ["config"] = Describe(MediaTypes.OciEmpty, empty),
            ["layers"] = new JsonArray(Describe("text/plain", content)),
            ["subject"] = new JsonObject { ["mediaType"] = subject.MediaType, ["digest"] = subject.Digest, ["size"] = subject.ManifestBytes.Length },
        };
        var manifest = ManifestBlob.FromBytes(Encoding.UTF8.GetBytes(json.ToJsonString()), MediaTypes.OciManifest);
        Assert.Equal(manifest.Digest, await client.PutManifestAsync(repo, manifest.Digest, manifest, Ct));
        return manifest;
    }

    private static JsonObject Describe(string mediaType, byte[] bytes) =>
        new() { ["mediaType"] = mediaType, ["digest"] = Digest.Compute(bytes), ["size"] = bytes.Length };
}
