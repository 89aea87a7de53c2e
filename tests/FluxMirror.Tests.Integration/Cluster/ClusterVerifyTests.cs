using System.Text;
using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Schemas;
using FluxMirror.TestSupport.Sigstore;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>
/// verify through the cluster: the coordinator verifies at plan time with the trusted root the CLI sent, a worker
/// copies the verified digest, and the rows are those of the embedded run.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterVerifyTests(ClusterFixture fixture)
{
    private const string Issuer = "https://issuer.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_coordinator_verifies_with_the_submitted_trust_and_the_rows_match_the_embedded_run()
    {
        using var sigstore = PrivateSigstore.Create();
        using var src = new RegistrySeeder(fixture.Source);
        var signed = await src.PushImageAsync("verify/app", "2.0.0", layers: 1, layerSize: 256, seed: Encoding.UTF8.GetBytes("signed"), ct: Ct);
        var other = await src.PushImageAsync("verify/app", "1.0.0", layers: 1, layerSize: 256, seed: Encoding.UTF8.GetBytes("other"), ct: Ct);
        await PrivateSigstore.PushBundleReferrerAsync(src, "verify/app", signed.Digest, sigstore.SignDigest(signed.Digest, "https://ci.example/org/app", Issuer), Ct);
        await PrivateSigstore.PushBundleReferrerAsync(src, "verify/app", other.Digest, sigstore.SignDigest(other.Digest, "https://ci.example/stranger", Issuer), Ct);
        using var cli = new FluxMirrorCli();
        var root = cli.WriteConfig(Encoding.UTF8.GetString(sigstore.TrustedRootJson));
        string Config(string destination) => SyncConfigs.Config(SyncConfigs.Artifact(
            $"{fixture.Source.Host}/verify/app", $"{fixture.Destination.Host}/{destination}",
            extra: $"    verify:\n      provider: cosign\n      matchOIDCIdentity:\n        - issuer: {Issuer}\n          subject: '^https://ci\\.example/org/'\n"));

        var cluster = await cli.SyncAsync(Config("verify/cluster"), "--cluster", fixture.Cluster.HttpUrl, "-o", "json", "--sigstore-trusted-root", root);
        var embedded = await cli.SyncAsync(Config("verify/embedded"), "-o", "json", "--sigstore-trusted-root", root);

        Assert.True(cluster.ExitCode == 1, cluster.StandardError);
        Assert.Equal(1, embedded.ExitCode);
        ProjectSchema.Report.AssertValid(cluster.StandardOutput);
        Assert.Equal(Rows(embedded.StandardOutput, "verify/embedded"), Rows(cluster.StandardOutput, "verify/cluster"));
        var rows = Rows(cluster.StandardOutput, "verify/cluster");
        Assert.Equal(2, rows.Count);
        Assert.StartsWith($"2.0.0 copied {signed.Digest} cosign https://ci.example/org/app", rows[0], StringComparison.Ordinal);
        Assert.StartsWith($"1.0.0 failed    verify {fixture.Source.Host}/verify/app:1.0.0: signature verification failed: failed to verify certificate identity: ", rows[1], StringComparison.Ordinal);
    }

    // One line per tag row, the destination name taken out so both runs compare equal.
    private static List<string> Rows(string json, string destination) =>
        [.. JsonNode.Parse(json)!["report"]!["results"]![0]!["tags"]!.AsArray().Select(r =>
            $"{(string?)r!["tag"]} {(string?)r["status"]} {(string?)r["digest"]} {(string?)r["verification"]?["provider"]} {(string?)r["verification"]?["identity"]} {(string?)r["verification"]?["integratedTime"]}{(string?)r["error"]}"
                .Replace(destination, "<dst>", StringComparison.Ordinal))];
}
