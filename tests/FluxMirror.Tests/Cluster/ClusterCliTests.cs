using System.Text.RegularExpressions;
using FluxMirror.Tests.Infrastructure;
using FluxMirror.Tests.Sync;

namespace FluxMirror.Tests.Cluster;

/// <summary>The real flux-mirror executable with <c>--cluster</c> prints and exits exactly like the embedded run.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ClusterCliTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sync_with_cluster_gives_the_same_output_and_exit_code_as_embedded()
    {
        using var src = new RegistrySeeder(fixture.Source);
        for (var i = 0; i < 6; i++)
        {
            await src.PushImageAsync("cli/app", $"2.0.{i}", layers: 1, layerSize: 256, ct: Ct);
        }

        using var cli = new FluxMirrorCli();
        var cluster = await cli.SyncAsync(Config("cli/cluster"), "--cluster", fixture.Cluster.HttpUrl);
        var embedded = await cli.SyncAsync(Config("cli/embedded"));

        Assert.Equal(0, embedded.ExitCode);
        Assert.True(cluster.ExitCode == embedded.ExitCode, $"cluster exit {cluster.ExitCode}: {cluster.StandardError}");
        Assert.Contains("Summary: 6 copied in ", cluster.StandardOutput);
        Assert.Equal(Normalized(embedded.StandardOutput, "cli/embedded"), Normalized(cluster.StandardOutput, "cli/cluster"));
    }

    [Fact]
    public async Task An_invalid_config_fails_locally_with_the_embedded_message()
    {
        using var cli = new FluxMirrorCli();
        var bad = SyncConfigs.Header + "artifacts:\n  - source: ''\n    destination: x\n";

        var cluster = await cli.SyncAsync(bad, "--cluster", fixture.Cluster.HttpUrl);
        var embedded = await cli.SyncAsync(bad);

        Assert.Equal(1, cluster.ExitCode);
        Assert.StartsWith("✗ ", cluster.StandardError);
        Assert.Equal(embedded.StandardError, cluster.StandardError);
    }

    private string Config(string destinationRepo) =>
        SyncConfigs.Config(SyncConfigs.Artifact($"{fixture.Source.Host}/cli/app", $"{fixture.Destination.Host}/{destinationRepo}"));

    // Same lines in any order, with the destination repo and the wall time masked.
    private static List<string> Normalized(string stdout, string repo) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => Duration().Replace(l.Replace(repo, "<dst>", StringComparison.Ordinal), " in <t>"))
            .Order(StringComparer.Ordinal)];

    [GeneratedRegex(@" in [0-9.]+[a-zµ]+\.?$")]
    private static partial Regex Duration();
}
