using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Charts;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Schemas;

namespace FluxMirror.Tests.Integration.Coordinator.Sync;

/// <summary>End to end through the CLI: a charts entry from an HTTP Helm repository into a real registry.</summary>
[Collection("Sync")]
public sealed class ChartSyncTests
{
    [Fact]
    public async Task Charts_are_republished_as_oci_and_reported_after_the_artifacts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var registry = await RegistryProcess.StartAsync(ct: ct);
        await using var repo = new ChartRepositoryServer();
        repo.Publish("podinfo", "6.0.0", ChartArchives.Chart("podinfo", "6.0.0"))
            .Publish("podinfo", "6.1.0", ChartArchives.Chart("podinfo", "6.1.0"))
            .Publish("podinfo", "6.2.0+build.7", ChartArchives.Chart("podinfo", "6.2.0+build.7"))
            .Publish("podinfo", "7.0.0-rc.1", ChartArchives.Chart("podinfo", "7.0.0-rc.1"));
        using var seeder = new RegistrySeeder(registry);
        await seeder.PushImageAsync("team/app", "1.0.0", ct: ct);

        using var cli = new FluxMirrorCli();
        var yaml = SyncConfigs.Header +
            $"charts:\n  - name: podinfo\n    source: {repo.Url}\n    destination: oci://{registry.Host}/charts\n    version: \"6.x\"\n    limit: 2\n" +
            $"artifacts:\n{SyncConfigs.Artifact($"{registry.Host}/team/app", $"{registry.Host}/mirror/app")}";

        var first = await cli.SyncAsync(yaml, "-o", "json");

        Assert.Equal(0, first.ExitCode);
        ProjectSchema.Report.AssertValid(first.StandardOutput);
        var results = JsonNode.Parse(first.StandardOutput)!["report"]!["results"]!.AsArray();
        Assert.Equal($"{registry.Host}/team/app", results[0]!["source"]!.GetValue<string>());
        Assert.Equal(repo.Url.TrimEnd('/') + "/podinfo", results[1]!["source"]!.GetValue<string>());
        Assert.Equal($"{registry.Host}/charts/podinfo", results[1]!["destination"]!.GetValue<string>());
        var rows = results[1]!["tags"]!.AsArray();
        Assert.Equal(["6.2.0+build.7", "6.1.0"], rows.Select(r => r!["tag"]!.GetValue<string>()));
        Assert.All(rows, r => Assert.Equal("copied", r!["status"]!.GetValue<string>()));
        Assert.NotNull(await seeder.ManifestDigestAsync("charts/podinfo", "6.2.0_build.7", ct));
        var manifest = (await seeder.GetManifestAsync("charts/podinfo", "6.1.0", ct))!.Value;
        Assert.Contains("application/vnd.cncf.helm.chart.content.v1.tar+gzip", System.Text.Encoding.UTF8.GetString(manifest.Bytes));

        var again = await cli.SyncAsync(yaml);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains($"✓ {repo.Url.TrimEnd('/')}/podinfo:6.1.0 (skipped)", again.StandardOutput);
        Assert.Contains("Summary: 3 skipped in ", again.StandardOutput);
    }
}
