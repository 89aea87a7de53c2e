using System.Net;
using FluxMirror.Registry.Model;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Registry;

[Collection("Processes")]
public sealed class RegistryReadTests : RegistryTestBase
{
    [Fact]
    public async Task Ping_and_list_tags_work_anonymously()
    {
        await Seeder.PushImageAsync("team/app", "v1", ct: Ct);
        var client = CreateClient();

        await client.PingAsync(Registry.Host, Ct);
        var tags = await client.ListTagsAsync(Repo("team/app"), Ct);

        Assert.Equal(["v1"], tags);
    }

    [Fact]
    public async Task Missing_repository_error_reads_like_ggcr()
    {
        var client = CreateClient();

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Repo("team/nope"), Ct));

        Assert.Equal(
            $"GET http://{Registry.Host}/v2/team/nope/tags/list?n=1000: NAME_UNKNOWN: repository name not known to registry",
            error.Message);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(["NAME_UNKNOWN"], error.Codes);
    }

    [Fact]
    public async Task Head_manifest_returns_descriptor_or_null_on_404()
    {
        var image = await Seeder.PushImageAsync("team/app", "v1", mediaTypeFamily: "docker", ct: Ct);
        var client = CreateClient();

        var found = await client.HeadManifestAsync(Repo("team/app"), "v1", Ct);
        var byDigest = await client.HeadManifestAsync(Repo("team/app"), image.Digest, Ct);
        var missingTag = await client.HeadManifestAsync(Repo("team/app"), "v2", Ct);
        var missingRepo = await client.HeadManifestAsync(Repo("team/other"), "v1", Ct);

        Assert.Equal(new Descriptor(RegistryMediaTypes.DockerManifest, image.Digest, image.ManifestBytes.Length), found);
        Assert.Equal(found, byDigest);
        Assert.Null(missingTag);
        Assert.Null(missingRepo);
    }

    [Theory]
    [InlineData("oci")]
    [InlineData("docker")]
    public async Task Get_manifest_returns_exact_bytes_and_verifies_digest_references(string family)
    {
        var image = await Seeder.PushImageAsync("team/app", "v1", mediaTypeFamily: family, ct: Ct);
        var client = CreateClient();

        var byTag = await client.GetManifestAsync(Repo("team/app"), "v1", Ct);
        var byDigest = await client.GetManifestAsync(Repo("team/app"), image.Digest, Ct);

        Assert.Equal(image.ManifestBytes, byTag.Bytes);
        Assert.Equal(image.MediaType, byTag.MediaType);
        Assert.Equal(image.Digest, byTag.Digest);
        Assert.Equal(byTag, byDigest with { Bytes = byTag.Bytes });
        var parsed = byTag.Parse();
        Assert.Equal(image.Blobs.Select(b => b.Digest), parsed.DistributableBlobs().Select(b => b.Digest));
    }

    [Fact]
    public async Task Open_blob_streams_the_stored_bytes()
    {
        var image = await Seeder.PushImageAsync("team/app", "v1", layerSize: 100_000, ct: Ct);
        var layer = image.Blobs[^1];
        var client = CreateClient();

        await using var stream = await client.OpenBlobAsync(Repo("team/app"), layer.Digest, Ct);
        var digest = await Digests.Sha256Async(stream, Ct);

        Assert.Equal(layer.Digest, digest);
        Assert.True(await client.BlobExistsAsync(Repo("team/app"), layer.Digest, Ct));
        Assert.False(await client.BlobExistsAsync(Repo("team/other"), layer.Digest, Ct));
    }
}
