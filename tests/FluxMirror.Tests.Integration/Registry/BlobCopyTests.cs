using FluxMirror.Domain.Mirroring;
using FluxMirror.Registry.Model;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Registry;

[Collection("Processes")]
public sealed class BlobCopyTests : RegistryTestBase
{
    [Fact]
    public async Task Copy_blob_across_registries_pushes_once_then_finds_it_existing()
    {
        var image = await Seeder.PushImageAsync("team/app", "v1", layerSize: 50_000, ct: Ct);
        var destination = await StartRegistryAsync();
        var layer = Layer(image);
        long reported = 0;
        var client = CreateClient(o => o with { BytesTransferred = new SynchronousProgress(n => Interlocked.Add(ref reported, n)) });

        var first = await client.CopyBlobAsync(Repo("team/app"), Repo("mirror/app", destination), layer, Ct);
        var second = await client.CopyBlobAsync(Repo("team/app"), Repo("mirror/app", destination), layer, Ct);

        Assert.Equal(BlobPushOutcome.Pushed, first);
        Assert.Equal(BlobPushOutcome.Existing, second);
        Assert.Equal(layer.Size, Interlocked.Read(ref reported));
        using var destinationSeeder = new RegistrySeeder(destination);
        Assert.Equal(layer.Digest, Digests.Sha256(await destinationSeeder.GetBlobAsync("mirror/app", layer.Digest, Ct)));
        Assert.Contains($"pushed blob: {layer.Digest}", LogLines);
        Assert.Contains($"existing blob: {layer.Digest}", LogLines);
        var uploads = (await destination.RequestsAsync(Ct)).Where(r => r.Path.StartsWith("/v2/mirror/app/blobs/uploads/", StringComparison.Ordinal)).ToArray();
        // One session, one monolithic PUT carrying the body and committing it.
        Assert.Equal(["POST", "PUT"], uploads.Select(r => r.Method));
    }

    [Fact]
    public async Task Copy_within_one_registry_mounts_instead_of_uploading()
    {
        var image = await Seeder.PushImageAsync("team/app", "v1", layers: 2, ct: Ct);
        Registry.ClearRequestLog();
        var client = CreateClient();

        var outcome = await new ArtifactCopier(client).CopyAsync(Repo("team/app"), "v1", Repo("team/copy"), "v1", 4, Ct);

        Assert.Equal(new CopyOutcome(image.Digest, image.ManifestBytes.Length, 0, 3, 0), outcome);
        var requests = await Registry.RequestsAsync(Ct);
        var destinationUploads = requests.Where(r => r.Path.StartsWith("/v2/team/copy/blobs/uploads/", StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(destinationUploads, r => r.Method == "PATCH");
        Assert.Equal(3, destinationUploads.Count(r => r.Method == "POST" && r.Path.Contains("mount=", StringComparison.Ordinal) && r.Status == 201));
        Assert.Equal(image.Digest, await Seeder.ManifestDigestAsync("team/copy", "v1", Ct));
        Assert.All(image.Blobs, b => Assert.Contains($"mounted blob: {b.Digest}", LogLines));
    }

    [Fact]
    public async Task A_blob_known_elsewhere_on_the_destination_is_mounted_and_a_known_present_one_costs_nothing()
    {
        var image = await Seeder.PushImageAsync("team/app", "v1", layerSize: 50_000, ct: Ct);
        var destination = await StartRegistryAsync();
        var layer = Layer(image);
        var client = CreateClient();
        Assert.Equal(BlobPushOutcome.Pushed, await client.CopyBlobAsync(Repo("team/app"), Repo("mirror/a", destination), layer, Ct));
        await ClearLogsAsync(Registry, destination);

        var mounted = await client.CopyBlobAsync(Repo("team/app"), Repo("mirror/b", destination), layer, BlobPlacement.Elsewhere("mirror/a"), Ct);
        var present = await client.CopyBlobAsync(Repo("team/app"), Repo("mirror/b", destination), layer, BlobPlacement.Present, Ct);

        Assert.Equal(BlobPushOutcome.Mounted, mounted);
        Assert.Equal(BlobPushOutcome.Existing, present);
        Assert.DoesNotContain(await Registry.RequestsAsync(Ct), r => r.Path.Contains("/blobs/", StringComparison.Ordinal));
        Assert.Equal([("POST", 201)], (await destination.RequestsAsync(Ct)).Select(r => (r.Method, r.Status)));
        using var destinationSeeder = new RegistrySeeder(destination);
        Assert.True(await destinationSeeder.BlobExistsAsync("mirror/b", layer.Digest, Ct));
    }

    [Fact]
    public async Task Once_a_registry_has_honoured_a_mount_presence_is_probed_with_one_mount_request_instead_of_a_head()
    {
        var image = await Seeder.PushImageAsync("team/app", "v1", layers: 2, layerSize: 20_000, ct: Ct);
        var destination = await StartRegistryAsync();
        var (first, second) = (Descriptor(image.Blobs[0]), Descriptor(image.Blobs[1]));
        var client = CreateClient();
        await client.CopyBlobAsync(Repo("team/app"), Repo("mirror/a", destination), first, Ct);
        await client.CopyBlobAsync(Repo("team/app"), Repo("mirror/b", destination), first, BlobPlacement.Elsewhere("mirror/a"), Ct);
        await ClearLogsAsync(destination);

        var existing = await client.CopyBlobAsync(Repo("team/app"), Repo("mirror/a", destination), first, Ct);
        var pushed = await client.CopyBlobAsync(Repo("team/app"), Repo("mirror/a", destination), second, Ct);

        Assert.Equal(BlobPushOutcome.Existing, existing);
        Assert.Equal(BlobPushOutcome.Pushed, pushed);
        var requests = await destination.RequestsAsync(Ct);
        Assert.Equal([("POST", 201), ("POST", 202), ("PUT", 201)], requests.Select(r => (r.Method, r.Status)));
        Assert.All(requests.Where(r => r.Method == "POST"), r => Assert.Contains("from=mirror%2Fa", r.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chunked_upload_sends_bounded_patches_and_keeps_the_digest()
    {
        var image = await Seeder.PushImageAsync("team/app", "v1", layerSize: 300 * 1024, ct: Ct);
        var destination = await StartRegistryAsync();
        var layer = Layer(image);
        var client = CreateClient(o => o with
        {
            Hosts = new Dictionary<string, HostSettings> { [destination.Host] = new() { MaxChunkSizeKiB = 64 } },
        });

        var outcome = await new ArtifactCopier(client).CopyAsync(Repo("team/app"), "v1", Repo("mirror/app", destination), "v1", 2, Ct);

        Assert.Equal(image.Digest, outcome.Digest);
        Assert.Equal(2, outcome.BlobsPushed);
        var patches = (await destination.RequestsAsync(Ct)).Where(r => r.Method == "PATCH").ToArray();
        var expectedLayerPatches = (int)((layer.Size + (64 * 1024) - 1) / (64 * 1024));
        Assert.Equal(expectedLayerPatches + 1, patches.Length); // + the small config blob
        Assert.True(expectedLayerPatches >= 5);
        Assert.All(patches, p => Assert.Equal(202, p.Status));
        using var destinationSeeder = new RegistrySeeder(destination);
        Assert.Equal(layer.Digest, Digests.Sha256(await destinationSeeder.GetBlobAsync("mirror/app", layer.Digest, Ct)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    public async Task Corrupt_source_blob_is_refused_and_never_committed(int chunkKiB)
    {
        var image = await Seeder.PushImageAsync("team/app", "v1", layerSize: 100_000, ct: Ct);
        var layer = Layer(image);
        await Seeder.CorruptBlobAsync(layer.Digest, Ct);
        var destination = await StartRegistryAsync();
        var client = CreateClient(o => o with
        {
            Hosts = new Dictionary<string, HostSettings> { [destination.Host] = new() { MaxChunkSizeKiB = chunkKiB } },
        });

        var error = await Assert.ThrowsAsync<RegistryException>(
            () => client.CopyBlobAsync(Repo("team/app"), Repo("mirror/app", destination), layer, Ct));

        Assert.StartsWith($"copy blob {layer.Digest}: content digest mismatch (got sha256:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(layer.Digest, error.Message[$"copy blob {layer.Digest}".Length..], StringComparison.Ordinal);
        using var destinationSeeder = new RegistrySeeder(destination);
        Assert.False(await destinationSeeder.BlobExistsAsync("mirror/app", layer.Digest, Ct));
        var requests = await destination.RequestsAsync(Ct);
        Assert.DoesNotContain(requests, r => r.Method == "PUT" && r.Status == 201);
        Assert.Contains(requests, r => r.Method == "DELETE" && r.Path.StartsWith("/v2/mirror/app/blobs/uploads/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Large_blob_is_streamed_without_buffering_it()
    {
        const long layerBytes = 64L << 20;
        await Seeder.PushBigImageAsync("team/big", "v1", layerBytes, Ct);
        var destination = await StartRegistryAsync();
        var client = CreateClient();
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var outcome = await new ArtifactCopier(client).CopyAsync(Repo("team/big"), "v1", Repo("mirror/big", destination), "v1", 2, Ct);

        // Process-wide, so other tests add noise; a buffering copy would allocate at least the whole blob.
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(outcome.BytesUploaded > layerBytes);
        Assert.True(allocated < layerBytes / 2, $"allocated {allocated} bytes to copy {outcome.BytesUploaded}");
    }

    [Fact]
    public async Task Push_blob_uploads_a_caller_stream_and_leaves_it_open()
    {
        var bytes = new byte[70_000];
        new Random(7).NextBytes(bytes);
        var digest = Digest.Compute(bytes);
        var client = CreateClient();
        using var content = new MemoryStream(bytes);

        var outcome = await client.PushBlobAsync(Repo("charts/app"), content, digest, bytes.Length, Ct);

        Assert.Equal(BlobPushOutcome.Pushed, outcome);
        Assert.True(content.CanRead);
        Assert.Equal(bytes, await Seeder.GetBlobAsync("charts/app", digest, Ct));
    }

    [Fact]
    public async Task Push_blob_with_wrong_size_is_refused()
    {
        var bytes = new byte[1000];
        var client = CreateClient();
        using var content = new MemoryStream(bytes);

        var error = await Assert.ThrowsAsync<RegistryException>(
            () => client.PushBlobAsync(Repo("charts/app"), content, Digest.Compute(bytes), 999, Ct));

        Assert.StartsWith("push blob sha256:", error.Message, StringComparison.Ordinal);
        Assert.Contains("content digest mismatch", error.Message, StringComparison.Ordinal);
        Assert.False(await Seeder.BlobExistsAsync("charts/app", Digest.Compute(bytes), Ct));
    }

    private static async Task ClearLogsAsync(params RegistryProcess[] registries)
    {
        foreach (var registry in registries)
        {
            await registry.RequestsAsync(Ct);
            registry.ClearRequestLog();
        }
    }

    private static Descriptor Descriptor(BlobRef blob) => new(blob.MediaType, blob.Digest, blob.Size);

    private static Descriptor Layer(SeededImage image)
    {
        var layer = image.Blobs[^1];
        return new Descriptor(layer.MediaType, layer.Digest, layer.Size);
    }

    /// <summary>Unlike <see cref="Progress{T}"/>, reports inline, so the total is complete when the call returns.</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
