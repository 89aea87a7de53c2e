using FluxMirror.Actors.JobManagement;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Protocol.Messages;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>A coordinator and two workers in one process, real PostgreSQL and registries: jobs spread over the workers.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterJobTests(ClusterFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);
    private readonly RegistryProcess _source = fixture.Source;
    private readonly RegistryProcess _destination = fixture.Destination;
    private readonly InProcessCluster _cluster = fixture.Cluster;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_thirty_tag_job_is_copied_by_both_workers()
    {
        using var src = new RegistrySeeder(_source);
        using var dst = new RegistrySeeder(_destination);
        var images = new Dictionary<string, SeededImage>();
        for (var i = 0; i < 30; i++)
        {
            images[$"1.0.{i}"] = await src.PushImageAsync("team/app", $"1.0.{i}", layers: 1, layerSize: 512, ct: Ct);
        }

        var config = SyncConfigs.Config(SyncConfigs.Artifact($"{_source.Host}/team/app", $"{_destination.Host}/mirror/app"));
        var client = _cluster.Client();
        var accepted = await client.SubmitAsync(new SubmitJob(config, "test", "digest-" + Guid.NewGuid(), new JobOptions(Concurrency: 8), NoEnvSubst: false), Ct);
        var (rows, finished) = await ClusterJobRun.FollowToEndAsync(client, accepted.JobId, onRow: null, Ct, JobTimeout);

        Assert.False(accepted.Resumed);
        Assert.Equal(30, finished.Report.Summary.Copied);
        Assert.Equal(0, finished.Report.Summary.ExitCode);
        Assert.Equal(30, rows.Count);
        foreach (var (tag, image) in images)
        {
            Assert.Equal(image.Digest, await dst.ManifestDigestAsync("mirror/app", tag, Ct));
        }

        var perWorker = TagsPerWorker(rows);
        Assert.Equal(_cluster.Workers.Select(InProcessCluster.Address).Order(), perWorker.Keys.Order());
        Assert.All(perWorker.Values, count => Assert.True(count > 0));
    }

    [Fact]
    public async Task An_invalid_config_is_rejected_with_the_validation_message()
    {
        var config = SyncConfigs.Header + "artifacts:\n  - source: ''\n    destination: x\n";

        var ex = await Assert.ThrowsAsync<JobRejectedException>(() =>
            _cluster.Client().SubmitAsync(new SubmitJob(config, "test", "digest-bad", new JobOptions(), NoEnvSubst: false), Ct));

        Assert.Contains("source", ex.Message);
    }

    private static Dictionary<string, int> TagsPerWorker(IEnumerable<TagRowFinished> rows) =>
        rows.GroupBy(r => r.Worker).ToDictionary(g => g.Key, g => g.Count());
}
