using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Coordinator.Sync;

/// <summary>
/// The job's blob ledger end to end, counted in the registries' own request logs: a base layer every image shares is
/// read from the source and uploaded to the destination once per job, mounted everywhere else, and a job resumed
/// after a kill does not upload it again.
/// </summary>
[Collection("Sync")]
public sealed class BlobLedgerSyncTests : IAsyncLifetime
{
    private const int BaseBytes = 256 * 1024;
    private RegistryPair _registries = null!;
    private readonly FluxMirrorCli _cli = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _registries = await RegistryPair.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        await _registries.DisposeAsync();
    }

    [Fact]
    public async Task A_shared_base_layer_crosses_once_and_is_mounted_into_every_other_repository()
    {
        var estate = await SharedBaseEstate.SeedAsync(_registries.Src, "ledger/app", repositories: 3, tags: 2, BaseBytes, Ct);
        await ClearLogsAsync();

        var result = await _cli.SyncAsync(Config(3), "--concurrency", "4");

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        foreach (var image in estate.Images)
        {
            Assert.Equal(image.Digest, await _registries.Dst.ManifestDigestAsync(image.Repository, image.Tag, Ct));
        }

        var source = await _registries.Source.RequestsAsync(Ct);
        var destination = await _registries.Destination.RequestsAsync(Ct);
        Assert.Equal(1, source.Count(r => r.Method == "GET" && Names(r, estate.Base.Digest) && r.Path.Contains("/blobs/", StringComparison.Ordinal)));
        Assert.Equal(1, Uploads(destination, estate.Base.Digest));
        // Mounted once into each of the two other repositories: their other tags wait for that mount and find it there.
        Assert.Equal(2, destination.Count(r => r.Method == "POST" && r.Status == 201 && Names(r, estate.Base.Digest)));
        // Every other blob is the image's own: read once, uploaded once, never a PATCH.
        Assert.All(estate.Images.SelectMany(i => i.Blobs).Where(b => b.Digest != estate.Base.Digest), b => Assert.Equal(1, Uploads(destination, b.Digest)));
        Assert.DoesNotContain(destination, r => r.Method == "PATCH");
    }

    [Fact]
    public async Task A_job_resumed_after_a_kill_mounts_the_blobs_it_had_uploaded_instead_of_uploading_them_again()
    {
        var estate = await SharedBaseEstate.SeedAsync(_registries.Src, "ledger/resume", repositories: 4, tags: 2, BaseBytes, Ct);
        var config = _cli.WriteConfig(Config(4, "ledger/resume"));
        await ClearLogsAsync();

        Assert.Equal(3, await _cli.SyncAndKillAfterRowsAsync(config, rows: 3, Ct));
        var firstRun = await _registries.Destination.RequestsAsync(Ct);
        Assert.Equal(1, Uploads(firstRun, estate.Base.Digest));
        await ClearLogsAsync();

        var resumed = await _cli.RunAsync(["sync", config, "--no-progress", "--concurrency", "1"]);

        Assert.True(resumed.ExitCode == 0, resumed.StandardError + resumed.StandardOutput);
        Assert.Contains("resuming job", resumed.StandardError, StringComparison.Ordinal);
        var secondRun = await _registries.Destination.RequestsAsync(Ct);
        Assert.Equal(0, Uploads(secondRun, estate.Base.Digest));
        Assert.Contains(secondRun, r => r.Method == "POST" && r.Status == 201 && Names(r, estate.Base.Digest));
        Assert.DoesNotContain(await _registries.Source.RequestsAsync(Ct), r => Names(r, estate.Base.Digest));
        foreach (var image in estate.Images)
        {
            Assert.Equal(image.Digest, await _registries.Dst.ManifestDigestAsync(image.Repository, image.Tag, Ct));
        }
    }

    private string Config(int repositories, string prefix = "ledger/app") => SyncConfigs.Config([.. Enumerable.Range(1, repositories).Select(r =>
        SyncConfigs.Artifact($"{_registries.Source.Host}/{prefix}-{r}", $"{_registries.Destination.Host}/{prefix}-{r}"))]);

    // A committed upload: the PUT that carries (or closes) the blob's session and names its digest.
    private static int Uploads(IEnumerable<LoggedRequest> requests, string digest) =>
        requests.Count(r => r.Method == "PUT" && r.Status == 201 && r.Path.Contains("/blobs/uploads/", StringComparison.Ordinal) && Names(r, digest));

    private static bool Names(LoggedRequest request, string digest) => request.Path.Contains(digest["sha256:".Length..], StringComparison.Ordinal);

    private async Task ClearLogsAsync()
    {
        foreach (var registry in new[] { _registries.Source, _registries.Destination })
        {
            await registry.RequestsAsync(Ct);
            registry.ClearRequestLog();
        }
    }
}
