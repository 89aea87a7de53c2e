using System.Globalization;
using FluxMirror.Actors.Jobs;
using FluxMirror.TestSupport.Cluster;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>
/// The PostgreSQL journal does not grow with history: the job manager's journal holds little more than its running
/// jobs (a snapshot at every close, the events before it deleted), and a job finished longer ago than the retention
/// loses its journal, every row of it, and its place in the job list. A cluster of its own, with a 3 s retention.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class JobRetentionTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Retention = TimeSpan.FromSeconds(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_finished_jobs_journal_is_deleted_after_the_retention_and_the_managers_journal_stays_small()
    {
        await ClusterJobRun.SeedTagsAsync(fixture.Source, "retention/app", 3, Ct);
        await using var cluster = await InProcessCluster.StartAsync(workers: 1, Ct, configure: s => s with { JobRetention = Retention });
        var client = cluster.Client();

        var jobs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var jobId = await ClusterJobRun.SubmitAsync(client, $"{fixture.Source.Host}/retention/app", $"{fixture.Destination.Host}/retention/copy{i}", concurrency: 2, Ct);
            var (rows, finished) = await ClusterJobRun.FollowToEndAsync(client, jobId, null, Ct);
            Assert.Equal((3, 0), (rows.Count, finished.Report.Summary.ExitCode));
            jobs.Add(jobId);
        }

        // Measured once the last job's rows are journaled; the retention may already be deleting the first job's.
        var jobRows = await RowsAsync(cluster, "journal", JobIds.PersistenceId(jobs[^1]));
        Assert.True(jobRows > 0, "the finished job's journal has rows before the retention");

        await Eventually.TrueAsync(
            async () => await RowsAsync(cluster, "journal", "job-manager") <= 1,
            TimeSpan.FromSeconds(30),
            "the job manager's journal to be trimmed to its last snapshot",
            Ct);
        await Eventually.TrueAsync(
            async () =>
            {
                foreach (var id in jobs.SelectMany(JobIds.PersistenceIdsOf))
                {
                    if (await RowsAsync(cluster, "journal", id) + await RowsAsync(cluster, "snapshot", id) > 0)
                    {
                        return false;
                    }
                }

                return true;
            },
            TimeSpan.FromSeconds(30),
            "every row of the finished jobs' journals and snapshots to be deleted",
            Ct);

        var listed = (await client.ListAsync(Ct)).Jobs.Select(j => j.Job.JobId);
        Assert.Empty(listed.Intersect(jobs));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"last job's journal rows before the retention: {jobRows}, after: 0; job-manager rows after 3 jobs: {await RowsAsync(cluster, "journal", "job-manager")}, " +
            $"snapshots: {await RowsAsync(cluster, "snapshot", "job-manager")}");
    }

    private static async Task<int> RowsAsync(InProcessCluster cluster, string table, string persistenceId)
    {
        var text = await cluster.Postgres.PsqlAsync($"select count(*) from {table} where persistence_id = '{persistenceId}'", Ct);
        return int.Parse(text.Trim(), CultureInfo.InvariantCulture);
    }
}
