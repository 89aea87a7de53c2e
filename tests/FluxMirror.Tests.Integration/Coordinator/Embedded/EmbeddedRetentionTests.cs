using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;
using Microsoft.Data.Sqlite;

namespace FluxMirror.Tests.Integration.Coordinator.Embedded;

/// <summary>
/// The embedded journal keeps finished jobs for <c>FLUX_MIRROR_JOB_RETENTION</c>: a run deletes, before it stops, the
/// journals of the jobs that finished longer ago, so a CronJob's state directory does not grow with its history.
/// </summary>
[Collection("Sync")]
public sealed class EmbeddedRetentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_deletes_the_journal_of_a_job_finished_longer_ago_than_the_retention()
    {
        await using var source = await RegistryProcess.StartAsync(ct: Ct);
        using var seeder = new RegistrySeeder(source);
        await seeder.PushImageAsync("team/app", "1.0.0", layerSize: 1024, ct: Ct);
        using var cli = new FluxMirrorCli();
        var stateDir = Path.Combine(cli.Home, "state");
        var config = cli.WriteConfig(SyncConfigs.Config(SyncConfigs.Artifact($"{source.Host}/team/app", $"{source.Host}/mirror/app")));
        // Shorter than a run takes to start: the first job has expired by the time the second run ends.
        var env = new Dictionary<string, string?> { ["FLUX_MIRROR_JOB_RETENTION"] = "300ms" };

        var first = await cli.RunAsync(["sync", config, "--no-progress", "--state-dir", stateDir], env);
        var afterFirst = await JobJournalsAsync(stateDir);
        var second = await cli.RunAsync(["sync", config, "--no-progress", "--state-dir", stateDir], env);
        var afterSecond = await JobJournalsAsync(stateDir);

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        var firstJob = Assert.Single(afterFirst.Keys);
        Assert.True(afterFirst[firstJob] > 0);
        var secondJob = Assert.Single(afterSecond.Keys);
        Assert.NotEqual(firstJob, secondJob);
        var listed = await cli.RunAsync(["job", "list", "--state-dir", stateDir]);
        Assert.DoesNotContain(firstJob["job-".Length..], listed.StandardOutput, StringComparison.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine($"rows of {firstJob}: {afterFirst[firstJob]} after its run, 0 after the next run");
    }

    [Fact]
    public async Task A_retention_that_is_not_a_duration_is_one_error_line()
    {
        using var cli = new FluxMirrorCli();
        var config = cli.WriteConfig(SyncConfigs.Config(SyncConfigs.Artifact("127.0.0.1:1/team/app", "127.0.0.1:1/mirror/app")));

        var result = await cli.RunAsync(["sync", config, "--no-progress"], new Dictionary<string, string?> { ["FLUX_MIRROR_JOB_RETENTION"] = "7d" });

        Assert.Equal((1, "✗ FLUX_MIRROR_JOB_RETENTION must be a duration greater than 0 such as 168h, got \"7d\"\n"), (result.ExitCode, result.StandardError));
    }

    // Rows (deleted or not) per job journal: every persistence id of a job's coordinator, not the index's.
    private static async Task<Dictionary<string, long>> JobJournalsAsync(string stateDir)
    {
        await using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(stateDir, "state.db"), Mode = SqliteOpenMode.ReadOnly }.ToString());
        await db.OpenAsync(Ct);
        var command = db.CreateCommand();
        command.CommandText = "SELECT persistence_id, count(*) FROM journal WHERE persistence_id LIKE 'job-%' AND persistence_id <> 'job-index' GROUP BY persistence_id";
        var rows = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }

        return rows;
    }
}
