using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Coordinator.Sync;

/// <summary>An embedded run killed with SIGKILL resumes from its journal when run again with the same config.</summary>
[Collection("Sync")]
public sealed partial class ResumeTests
{
    private const int Tags = 40;

    [Fact]
    public async Task A_killed_run_resumes_where_it_stopped_and_reports_the_whole_job()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var source = await RegistryProcess.StartAsync(ct: ct);
        await using var destination = await RegistryProcess.StartAsync(ct: ct);
        using var seeder = new RegistrySeeder(source);
        for (var i = 0; i < Tags; i++)
        {
            await seeder.PushImageAsync("team/app", $"1.{i}.0", layerSize: 4096, ct: ct);
        }

        using var cli = new FluxMirrorCli();
        var config = cli.WriteConfig(SyncConfigs.Config(SyncConfigs.Artifact($"{source.Host}/team/app", $"{destination.Host}/mirror/app")));

        var printed = await RunAndKillAfterAsync(cli, config, killAfterLines: 10, ct);
        Assert.True(printed >= 10, $"the first run printed {printed} rows before it was killed");

        destination.ClearRequestLog();
        var resumed = await cli.RunAsync(["sync", config, "--no-progress", "-o", "json"]);

        Assert.Equal(0, resumed.ExitCode);
        var notice = ResumeNotice().Match(resumed.StandardError);
        Assert.True(notice.Success, "no resume notice on stderr: " + resumed.StandardError);
        var doneBefore = int.Parse(notice.Groups["done"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(doneBefore, printed, Tags);
        Assert.Equal(Tags, int.Parse(notice.Groups["total"].Value, System.Globalization.CultureInfo.InvariantCulture));

        var report = JsonNode.Parse(resumed.StandardOutput)!["report"]!;
        Assert.Equal(Tags, report["summary"]!["copied"]!.GetValue<int>());
        Assert.Equal(0, report["summary"]!["skipped"]!.GetValue<int>());

        // Tags finished before the crash were not copied again: their manifests saw no PUT in the second run.
        var manifestPuts = (await destination.RequestsAsync(ct)).Count(r => r.Method == "PUT" && r.PathWithoutQuery.Contains("/manifests/", StringComparison.Ordinal));
        Assert.True(manifestPuts <= Tags - doneBefore, $"{manifestPuts} manifest PUTs after resuming with {doneBefore}/{Tags} done");

        // A third run is a new job: everything up to date.
        var again = await cli.RunAsync(["sync", config, "--no-progress", "-o", "json"]);
        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain("resuming job", again.StandardError);
        Assert.Equal(Tags, JsonNode.Parse(again.StandardOutput)!["report"]!["summary"]!["skipped"]!.GetValue<int>());
    }

    [Fact]
    public async Task Fresh_starts_over_and_job_show_tells_progress()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var source = await RegistryProcess.StartAsync(ct: ct);
        await using var destination = await RegistryProcess.StartAsync(ct: ct);
        using var seeder = new RegistrySeeder(source);
        for (var i = 0; i < 20; i++)
        {
            await seeder.PushImageAsync("team/app", $"1.{i}.0", layerSize: 4096, ct: ct);
        }

        using var cli = new FluxMirrorCli();
        var config = cli.WriteConfig(SyncConfigs.Config(SyncConfigs.Artifact($"{source.Host}/team/app", $"{destination.Host}/mirror/app")));
        await RunAndKillAfterAsync(cli, config, killAfterLines: 5, ct);

        var list = await cli.RunAsync(["job", "list"]);
        Assert.Equal(0, list.ExitCode);
        var id = JobId().Match(list.StandardOutput).Value;
        Assert.Contains("unfinished", list.StandardOutput);

        var show = await cli.RunAsync(["job", "show", id]);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains($"job:       {id}", show.StandardOutput);
        Assert.Contains("status:    unfinished", show.StandardOutput);
        Assert.Matches(@"tags:      \d+/20 done", show.StandardOutput);
        Assert.Matches(@"  local\s+\d+ tags", show.StandardOutput);

        var fresh = await cli.RunAsync(["sync", config, "--no-progress", "--fresh", "-o", "json"]);
        Assert.Equal(0, fresh.ExitCode);
        Assert.DoesNotContain("resuming job", fresh.StandardError);
        var summary = JsonNode.Parse(fresh.StandardOutput)!["report"]!["summary"]!;
        Assert.Equal(20, summary["copied"]!.GetValue<int>() + summary["skipped"]!.GetValue<int>());

        var unknown = await cli.RunAsync(["job", "show", "nope"]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("✗ job \"nope\" not found in ", unknown.StandardError);
    }

    private static Task<int> RunAndKillAfterAsync(FluxMirrorCli cli, string config, int killAfterLines, CancellationToken ct) =>
        cli.SyncAndKillAfterRowsAsync(config, killAfterLines, ct);

    [GeneratedRegex(@"resuming job (?<id>\S+): (?<done>\d+)/(?<total>\d+) tags done")]
    private static partial Regex ResumeNotice();

    [GeneratedRegex(@"\d{14}-[0-9a-f]{8}")]
    private static partial Regex JobId();
}
