using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cluster;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>
/// Real node processes started with FLUX_MIRROR_MAX_FRAME_SIZE: a config larger than Akka's default frame (refused by
/// a default cluster, see <see cref="JobSubmissionTests"/>) is accepted, reaches the worker with the job's spec, and
/// is mirrored. The large-job bench needs it for its 2 000-entry config.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LargeFrameTests(ClusterFixture fixture)
{
    private const int Tags = 3;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_config_past_the_default_frame_runs_when_every_node_allows_larger_frames()
    {
        var images = await ClusterJobRun.SeedTagsAsync(fixture.Source, "large-frame/app", Tags, Ct);
        // Past the default 128 000 bytes, well within the raised limit.
        var padding = "# " + new string('x', 300_000) + "\n";
        var config = padding + SyncConfigs.Config(SyncConfigs.Artifact($"{fixture.Source.Host}/large-frame/app", $"{fixture.Destination.Host}/large-frame/mirror"));
        await using var cluster = await ProcessCluster.StartAsync(
            workers: 1, Ct, nodeEnvironment: new Dictionary<string, string?> { ["FLUX_MIRROR_MAX_FRAME_SIZE"] = "1000000" });
        using var cli = new FluxMirrorCli();

        var result = await cli.SyncAsync(config, "--cluster", cluster.HttpUrl);

        Assert.True(result.ExitCode == 0, $"sync exited {result.ExitCode}: {result.StandardError}\n{cluster.Diagnostics()}");
        await ClusterJobRun.AssertMirroredAsync(fixture.Destination, "large-frame/mirror", images, Ct);
    }
}
