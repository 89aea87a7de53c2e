using System.Text;
using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Schemas;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>includeReferrers through the cluster: the snapshot goes to a worker's shard entity, the rows come back.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterReferrersTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Referrer_rows_come_back_from_the_workers_as_in_the_embedded_run()
    {
        using var src = new RegistrySeeder(fixture.Source);
        using var dst = new RegistrySeeder(fixture.Destination);
        var image = await src.PushImageAsync("ref/app", "1.0.0", layers: 1, layerSize: 256, ct: Ct);
        var sbom = await src.PushArtifactAsync("ref/app", "ref-sbom", "application/vnd.example.sbom", Encoding.UTF8.GetBytes("sbom"), image.Digest, ct: Ct);
        var bundle = await src.PushArtifactAsync("ref/app", "ref-sig", "application/vnd.dev.sigstore.bundle.v0.3+json", Encoding.UTF8.GetBytes("bundle"), image.Digest, ct: Ct);
        var config = SyncConfigs.Config(SyncConfigs.Artifact(
            $"{fixture.Source.Host}/ref/app", $"{fixture.Destination.Host}/ref/mirror", "semver: \"*\"\n      limit: 0", "    includeReferrers: true\n"));
        using var cli = new FluxMirrorCli();

        var sync = await cli.SyncAsync(config, "--cluster", fixture.Cluster.HttpUrl, "-o", "json");

        Assert.True(sync.ExitCode == 0, sync.StandardError);
        ProjectSchema.Report.AssertValid(sync.StandardOutput);
        var row = JsonNode.Parse(sync.StandardOutput)!["report"]!["results"]![0]!["tags"]!.AsArray().Single()!;
        Assert.Equal("copied", (string?)row["status"]);
        var referrers = row["referrers"]!.AsArray().Select(r => ((string?)r!["digest"], (string?)r["status"])).ToList();
        Assert.Equal([(sbom.Digest, "copied"), (bundle.Digest, "copied")], referrers.OrderBy(r => r.Item1 == sbom.Digest ? 0 : 1));
        Assert.Equal(sbom.Digest, await dst.ManifestDigestAsync("ref/mirror", sbom.Digest, Ct));
        Assert.Equal(bundle.Digest, await dst.ManifestDigestAsync("ref/mirror", bundle.Digest, Ct));
    }
}
