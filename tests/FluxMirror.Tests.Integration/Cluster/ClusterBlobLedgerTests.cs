using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>
/// The blob ledger across workers: two workers copy, at the same time, images that all start with one large base
/// layer; the cluster-wide ledger lets one of them upload it and the others wait and mount it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterBlobLedgerTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Workers_racing_for_one_blob_upload_it_once_and_mount_it_everywhere_else()
    {
        // Large enough that the first upload is still running when the other copies need the blob.
        const int baseBytes = 4 * 1024 * 1024;
        const int repositories = 6;
        using var src = new RegistrySeeder(fixture.Source);
        var estate = await SharedBaseEstate.SeedAsync(src, "race/app", repositories, tags: 1, baseBytes, Ct);
        using var cli = new FluxMirrorCli();
        var config = SyncConfigs.Config([.. Enumerable.Range(1, repositories).Select(r =>
            SyncConfigs.Artifact($"{fixture.Source.Host}/race/app-{r}", $"{fixture.Destination.Host}/race/app-{r}"))]);

        var result = await cli.SyncAsync(config, "--cluster", fixture.Cluster.HttpUrl, "--concurrency", "4");

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        using var dst = new RegistrySeeder(fixture.Destination);
        foreach (var image in estate.Images)
        {
            Assert.Equal(image.Digest, await dst.ManifestDigestAsync(image.Repository, image.Tag, Ct));
        }

        var hex = estate.Base.Digest["sha256:".Length..];
        var requests = (await fixture.Destination.RequestsAsync(Ct)).Where(r => r.Path.StartsWith("/v2/race/", StringComparison.Ordinal) && r.Path.Contains(hex, StringComparison.Ordinal)).ToList();
        Assert.Equal(1, requests.Count(r => r.Method == "PUT" && r.Status == 201));
        Assert.Equal(repositories - 1, requests.Count(r => r.Method == "POST" && r.Status == 201));
        Assert.Equal(1, (await fixture.Source.RequestsAsync(Ct)).Count(r => r.Method == "GET" && r.Path.Contains(hex, StringComparison.Ordinal)));
    }
}
