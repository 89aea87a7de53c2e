using FluxMirror.Domain.Reporting;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary><c>flux-mirror job cancel ID --cluster URL</c> ends a running job: what finished stays, the rest is reported cancelled.</summary>
[Collection(ClusterCollection.Name)]
public sealed class JobCancelTests(ClusterFixture fixture)
{
    private const int Tags = 16;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cancelled_job_ends_with_its_unfinished_tags_reported_cancelled_and_exit_code_1()
    {
        await ClusterJobRun.SeedTagsAsync(fixture.Source, "team/cancel", Tags, Ct);
        await using var proxy = await LoopbackProxy.StartAsync(fixture.Source.BaseUri, Ct);
        proxy.Latency = TimeSpan.FromMilliseconds(200);
        var client = fixture.Cluster.Client();
        var jobId = await ClusterJobRun.SubmitAsync(client, $"{proxy.Host}/team/cancel", $"{fixture.Destination.Host}/mirror/cancel", concurrency: 1, Ct);
        using var cli = new FluxMirrorCli();
        var cancelled = false;

        var (rows, finished) = await ClusterJobRun.FollowToEndAsync(client, jobId, async _ =>
        {
            if (!cancelled)
            {
                cancelled = true;
                var cancel = await cli.RunAsync(["job", "cancel", jobId, "--cluster", fixture.Cluster.HttpUrl]);
                Assert.True(cancel.ExitCode == 0, cancel.StandardError);
                Assert.Equal($"job {jobId} cancelled: tags not finished yet are reported failed (job cancelled: by an operator)\n", cancel.StandardOutput);
            }
        }, Ct);

        Assert.Equal(Tags, rows.Count);
        Assert.Equal(1, finished.Report.Summary.ExitCode);
        var byStatus = rows.GroupBy(r => r.Row.Status == TagStatus.Failed).ToDictionary(g => g.Key, g => g.ToList());
        Assert.All(byStatus[true], r => Assert.Equal("job cancelled: by an operator", r.Row.Error));
        Assert.InRange(byStatus[true].Count, Tags - 8, Tags - 1);
        Assert.All(byStatus.GetValueOrDefault(false) ?? [], r => Assert.Equal(TagStatus.Copied, r.Row.Status));

        var again = await cli.RunAsync(["job", "cancel", jobId, "--cluster", fixture.Cluster.HttpUrl]);
        Assert.Equal((1, $"✗ job {jobId} is not running\n"), (again.ExitCode, again.StandardError));
    }
}
