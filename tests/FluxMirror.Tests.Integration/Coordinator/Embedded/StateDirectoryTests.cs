using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Coordinator.Embedded;

/// <summary>
/// The embedded journal: owner-only files in a directory the user may name; a default location that cannot be
/// written (a hardened CronJob with a read-only root and no home) costs resume, never the run.
/// </summary>
[Collection("Sync")]
public sealed class StateDirectoryTests
{
    [Fact]
    public async Task An_unwritable_home_still_mirrors_and_says_it_cannot_resume()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var source = await RegistryProcess.StartAsync(ct: ct);
        await using var destination = await RegistryProcess.StartAsync(ct: ct);
        using var seeder = new RegistrySeeder(source);
        await seeder.PushImageAsync("team/app", "1.0.0", layerSize: 2048, ct: ct);
        using var cli = new FluxMirrorCli();
        var config = cli.WriteConfig(SyncConfigs.Config(SyncConfigs.Artifact($"{source.Host}/team/app", $"{destination.Host}/mirror/app")));

        // /dev/null is a file: nothing can be created below it, not even by root.
        var result = await cli.RunAsync(["sync", config, "--no-progress", "-o", "json"], new Dictionary<string, string?> { ["HOME"] = "/dev/null", ["XDG_STATE_HOME"] = null, ["FLUX_MIRROR_STATE_DIR"] = null });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, JsonNode.Parse(result.StandardOutput)!["report"]!["summary"]!["copied"]!.GetValue<int>());
        var warning = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("! state directory /dev/null/.local/state/flux-mirror: ", warning);
        Assert.Contains("mirroring without resume", warning);
    }

    [Fact]
    public async Task A_named_state_directory_that_cannot_be_written_is_an_error()
    {
        using var cli = new FluxMirrorCli();
        var config = cli.WriteConfig(SyncConfigs.Config(SyncConfigs.Artifact("127.0.0.1:1/team/app", "127.0.0.1:1/mirror/app")));

        var result = await cli.RunAsync(["sync", config, "--no-progress", "--state-dir", "/dev/null/state"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("✗ state directory /dev/null/state: ", result.StandardError);
    }

    [Fact]
    public async Task The_journal_is_readable_by_its_owner_only()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var source = await RegistryProcess.StartAsync(ct: ct);
        using var seeder = new RegistrySeeder(source);
        await seeder.PushImageAsync("team/app", "1.0.0", layerSize: 1024, ct: ct);
        using var cli = new FluxMirrorCli();
        var stateDir = Path.Combine(cli.Home, "state");
        var config = cli.WriteConfig(SyncConfigs.Config(SyncConfigs.Artifact($"{source.Host}/team/app", $"{source.Host}/mirror/app")));

        var result = await cli.RunAsync(["sync", config, "--no-progress", "--state-dir", stateDir]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(stateDir));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(stateDir, "state.db")));
    }
}
