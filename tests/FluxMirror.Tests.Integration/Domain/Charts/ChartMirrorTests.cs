using System.Text;
using System.Text.Json;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.TestSupport.Charts;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Domain.Charts;

[Collection("Processes")]
public sealed class ChartMirrorTests(ChartRegistryFixture fixture) : IClassFixture<ChartRegistryFixture>, IAsyncDisposable
{
    private const string HelmConfig = "application/vnd.cncf.helm.config.v1+json";
    private const string HelmLayer = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ChartRepositoryServer _repo = new();
    private readonly string _base = "team" + Guid.NewGuid().ToString("N")[..8];

    private RegistrySeeder Seeder => fixture.Seeder;

    [Fact]
    public async Task CopiesTheChartAsADeterministicHelmOciArtifact()
    {
        var tgz = ChartArchives.Chart("podinfo", "6.5.0");
        _repo.Publish("podinfo", "6.5.0", tgz);
        using var harness = new ChartMirrorHarness();

        var (copy, result) = Assert.Single(await harness.SyncAsync(Entry("podinfo")));

        Assert.Equal(TagStatus.Copied, result.Status);
        Assert.Equal(Digests.Sha256(tgz), result.Digest);
        Assert.Null(result.Reason);
        Assert.Equal($"{fixture.Registry.Host}/{_base}/charts/podinfo:6.5.0", copy.DestinationRef);

        var manifest = await Seeder.GetManifestAsync($"{_base}/charts/podinfo", "6.5.0", Ct);
        Assert.NotNull(manifest);
        var config = Encoding.UTF8.GetBytes("""{"name":"podinfo","version":"6.5.0","description":"A test chart","apiVersion":"v2","type":"application"}""");
        var expected = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + $"\"config\":{{\"mediaType\":\"{HelmConfig}\",\"digest\":\"{Digests.Sha256(config)}\",\"size\":{config.Length}}},"
            + $"\"layers\":[{{\"mediaType\":\"{HelmLayer}\",\"digest\":\"{Digests.Sha256(tgz)}\",\"size\":{tgz.Length}}}]}}";
        Assert.Equal(expected, Encoding.UTF8.GetString(manifest.Value.Bytes));
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", manifest.Value.MediaType);
        Assert.Equal(config, await Seeder.GetBlobAsync($"{_base}/charts/podinfo", Digests.Sha256(config), Ct));
        Assert.Equal(tgz, await Seeder.GetBlobAsync($"{_base}/charts/podinfo", Digests.Sha256(tgz), Ct));
        Assert.True(result.BytesUploaded >= tgz.Length + config.Length);
        Assert.Contains(harness.Log.Find("chart done"), f => Equals(f["chart"], "podinfo@6.5.0") && Equals(f["status"], "copied"));
    }

    [Fact]
    public async Task TheSameChartPushedToTwoRepositoriesHasTheSameManifestDigest()
    {
        _repo.Publish("podinfo", "6.5.0", ChartArchives.Chart("podinfo", "6.5.0"));
        using var harness = new ChartMirrorHarness();

        await harness.SyncAsync(Entry("podinfo", "one"));
        await harness.SyncAsync(Entry("podinfo", "two"));

        var first = await Seeder.ManifestDigestAsync($"{_base}/one/podinfo", "6.5.0", Ct);
        var second = await Seeder.ManifestDigestAsync($"{_base}/two/podinfo", "6.5.0", Ct);
        Assert.NotNull(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task ARerunIsSkippedAsUpToDate()
    {
        var tgz = ChartArchives.Chart("podinfo", "6.5.0");
        _repo.Publish("podinfo", "6.5.0", tgz);
        using (var firstRun = new ChartMirrorHarness())
        {
            await firstRun.SyncAsync(Entry("podinfo"));
        }

        fixture.Registry.ClearRequestLog();
        using var secondRun = new ChartMirrorHarness();
        var (_, result) = Assert.Single(await secondRun.SyncAsync(Entry("podinfo")));

        Assert.Equal(TagStatus.Skipped, result.Status);
        Assert.Equal(TagStatusNames.UpToDate, result.Reason);
        Assert.Equal(Digests.Sha256(tgz), result.Digest);
        Assert.DoesNotContain(await fixture.Registry.RequestsAsync(Ct), r => r.Method is "PUT" or "POST" or "PATCH");
    }

    [Fact]
    public async Task AChangedTarballAtTheSameVersionIsReportedAsDrifted()
    {
        var original = ChartArchives.Chart("podinfo", "6.5.0", flavour: "a");
        var changed = ChartArchives.Chart("podinfo", "6.5.0", flavour: "b");
        await MirrorOnceAsync("podinfo", "6.5.0", original);
        _repo.Publish("podinfo", "6.5.0", changed);
        using var harness = new ChartMirrorHarness();

        var (_, result) = Assert.Single(await harness.SyncAsync(Entry("podinfo")));

        Assert.Equal(TagStatus.Drifted, result.Status);
        Assert.Null(result.Reason);
        Assert.Equal(Digests.Sha256(changed), result.Digest);
        Assert.Equal(Digests.Sha256(original), await LayerDigestAsync("podinfo", "6.5.0"));
        var warning = Assert.Single(harness.Log.Find("destination chart drifted from source; skipping (overwrite=false)"));
        Assert.Equal("podinfo", warning["chart"]);
        Assert.Equal("6.5.0", warning["version"]);
        Assert.Equal(Digests.Sha256(changed), warning["src_digest"]);
        Assert.Equal(Digests.Sha256(original), warning["dst_digest"]);
    }

    [Fact]
    public async Task OverwriteReplacesADriftedChart()
    {
        var changed = ChartArchives.Chart("podinfo", "6.5.0", flavour: "b");
        await MirrorOnceAsync("podinfo", "6.5.0", ChartArchives.Chart("podinfo", "6.5.0", flavour: "a"));
        _repo.Publish("podinfo", "6.5.0", changed);
        using var harness = new ChartMirrorHarness();

        var (_, result) = Assert.Single(await harness.SyncAsync(Entry("podinfo"), new JobOptions(Overwrite: true)));

        Assert.Equal(TagStatus.Overwritten, result.Status);
        Assert.Equal(Digests.Sha256(changed), await LayerDigestAsync("podinfo", "6.5.0"));
    }

    [Fact]
    public async Task DryRunDownloadsTheTarballButWritesNothing()
    {
        _repo.Publish("podinfo", "6.5.0", ChartArchives.Chart("podinfo", "6.5.0"));
        using var harness = new ChartMirrorHarness();

        var (_, result) = Assert.Single(await harness.SyncAsync(Entry("podinfo"), new JobOptions(DryRun: true)));

        Assert.Equal(TagStatus.WouldCopy, result.Status);
        Assert.Equal(1, _repo.CountRequests("/podinfo-6.5.0.tgz"));
        Assert.False(await Seeder.RepositoryExistsAsync($"{_base}/charts/podinfo", Ct));
    }

    [Fact]
    public async Task DryRunOfADriftedChartWithOverwriteForecastsAnOverwrite()
    {
        var original = ChartArchives.Chart("podinfo", "6.5.0", flavour: "a");
        await MirrorOnceAsync("podinfo", "6.5.0", original);
        _repo.Publish("podinfo", "6.5.0", ChartArchives.Chart("podinfo", "6.5.0", flavour: "b"));
        using var harness = new ChartMirrorHarness();

        var (_, result) = Assert.Single(await harness.SyncAsync(Entry("podinfo", overwrite: true), new JobOptions(DryRun: true)));

        Assert.Equal(TagStatus.WouldOverwrite, result.Status);
        Assert.Equal(Digests.Sha256(original), await LayerDigestAsync("podinfo", "6.5.0"));
    }

    [Fact]
    public async Task BuildMetadataLandsUnderTheUnderscoreTag()
    {
        _repo.Publish("meta", "1.2.3+meta", ChartArchives.Chart("meta", "1.2.3+meta"));
        using var harness = new ChartMirrorHarness();

        var (copy, result) = Assert.Single(await harness.SyncAsync(Entry("meta")));

        Assert.Equal(TagStatus.Copied, result.Status);
        Assert.Equal("1.2.3+meta", copy.Tag);
        Assert.Equal(["1.2.3_meta"], await Seeder.ListTagsAsync($"{_base}/charts/meta", Ct));
        var manifest = await Seeder.GetManifestAsync($"{_base}/charts/meta", "1.2.3_meta", Ct);
        using var document = JsonDocument.Parse(manifest!.Value.Bytes);
        var configDigest = document.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
        var config = await Seeder.GetBlobAsync($"{_base}/charts/meta", configDigest, Ct);
        Assert.Contains("\"version\":\"1.2.3+meta\"", Encoding.UTF8.GetString(config), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADestinationTagThatIsNotAHelmChartFailsTheInspection()
    {
        _repo.Publish("podinfo", "6.5.0", ChartArchives.Chart("podinfo", "6.5.0"));
        await Seeder.PushImageAsync($"{_base}/charts/podinfo", "6.5.0", ct: Ct);
        using var harness = new ChartMirrorHarness();
        var copy = Assert.Single((await harness.PlanAsync(Entry("podinfo"))).Copies);

        var error = await Assert.ThrowsAsync<MirrorException>(() => harness.Mirror.RunAttemptAsync(copy, Ct));

        Assert.Equal(
            $"inspect {fixture.Registry.Host}/{_base}/charts/podinfo:6.5.0: not a helm chart (config mediaType \"application/vnd.oci.image.config.v1+json\")",
            error.Message);
    }

    [Fact]
    public async Task ATarballThatIsNotAChartFailsOnlyWhenPushing()
    {
        _repo.Publish("broken", "1.0.0", Encoding.UTF8.GetBytes("<html>not a chart</html>"));
        using var harness = new ChartMirrorHarness();
        var copy = Assert.Single((await harness.PlanAsync(Entry("broken"))).Copies);

        var dryRun = await harness.Mirror.RunAttemptAsync(copy with { DryRun = true }, Ct);
        var error = await Assert.ThrowsAsync<MirrorException>(() => harness.Mirror.RunAttemptAsync(copy, Ct));

        Assert.Equal(TagStatus.WouldCopy, dryRun.Status);
        Assert.Equal("load chart archive: gzip: invalid header", error.Message);
    }

    [Fact]
    public async Task AVersionWithoutUrlsFailsItsTagCopy()
    {
        _repo.WithIndex("apiVersion: v1\nentries:\n  bare:\n  - name: bare\n    version: 1.0.0\n");
        using var harness = new ChartMirrorHarness();
        var copy = Assert.Single((await harness.PlanAsync(Entry("bare"))).Copies);

        var error = await Assert.ThrowsAsync<MirrorException>(() => harness.Mirror.RunAttemptAsync(copy, Ct));

        Assert.Equal("chart \"bare\"@\"1.0.0\" has no URLs in index", error.Message);
    }

    public async ValueTask DisposeAsync() => await _repo.DisposeAsync();

    private ChartEntry Entry(string name, string folder = "charts", bool overwrite = false) =>
        new(name, _repo.Url, $"oci://{fixture.Registry.Host}/{_base}/{folder}", Overwrite: overwrite);

    private async Task MirrorOnceAsync(string name, string version, byte[] tgz)
    {
        _repo.Publish(name, version, tgz);
        using var harness = new ChartMirrorHarness();
        var (_, result) = Assert.Single(await harness.SyncAsync(Entry(name)));
        Assert.Equal(TagStatus.Copied, result.Status);
    }

    private async Task<string> LayerDigestAsync(string name, string tag)
    {
        var manifest = await Seeder.GetManifestAsync($"{_base}/charts/{name}", tag, Ct);
        using var document = JsonDocument.Parse(manifest!.Value.Bytes);
        return document.RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()!;
    }
}
