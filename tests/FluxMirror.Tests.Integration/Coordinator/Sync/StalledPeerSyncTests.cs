using System.Diagnostics;
using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Coordinator.Sync;

/// <summary>
/// End to end: peers that accept the connection and never answer cost the entry (or the tag) one bounded failure
/// inside --timeout, never a hung sync. The transport timeouts keep their defaults here; --timeout is the bound.
/// </summary>
[Collection("Sync")]
public sealed class StalledPeerSyncTests : IDisposable
{
    private const string Timeout = "3s";

    // --timeout plus process start, planning the next entries and writing the report, on a busy machine.
    private static readonly TimeSpan MustFinishWithin = TimeSpan.FromSeconds(20);

    // Without the bounds the sync hangs: the process is killed here, and the test fails on that.
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(60);

    private readonly FluxMirrorCli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_registry_that_never_answers_fails_the_entry_plan_within_the_timeout()
    {
        await using var silent = new LoopbackServer(_ => ScriptedResponse.NoAnswer());
        var config = SyncConfigs.Config(SyncConfigs.Artifact($"{silent.Host}/team/app", $"{silent.Host}/mirror/app"));

        var (result, elapsed) = await SyncAsync(config);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"✗ {silent.Host}/team/app — plan failed: list tags {silent.Host}/team/app: context deadline exceeded", result.StandardOutput);
        Assert.Contains("Summary: 1 failed in ", result.StandardOutput);
        Assert.True(elapsed < MustFinishWithin, $"finished after {elapsed}");
    }

    [Fact]
    public async Task A_token_endpoint_that_never_answers_fails_the_entry_plan_within_the_timeout()
    {
        await using var tokens = new LoopbackServer(_ => ScriptedResponse.NoAnswer());
        await using var registry = new LoopbackServer(_ => ScriptedResponse.Json(
            401, """{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}""",
            ("WWW-Authenticate", $"Bearer realm=\"http://{tokens.Host}/token\",service=\"stalled\"")));
        var config = SyncConfigs.Config(SyncConfigs.Artifact($"{registry.Host}/team/app", $"{registry.Host}/mirror/app"));

        var (result, elapsed) = await SyncAsync(config, "-o", "json");

        Assert.Equal(1, result.ExitCode);
        var entry = JsonNode.Parse(result.StandardOutput)!["report"]!["results"]![0]!;
        Assert.Equal("failed", entry["status"]!.GetValue<string>());
        Assert.StartsWith($"list tags {registry.Host}/team/app: context deadline exceeded", entry["error"]!.GetValue<string>());
        Assert.Empty(entry["tags"]!.AsArray());
        Assert.NotEmpty(tokens.Requests);
        Assert.True(elapsed < MustFinishWithin, $"finished after {elapsed}");
    }

    [Fact]
    public async Task A_destination_that_never_answers_fails_the_tag_within_the_timeout()
    {
        await using var source = await RegistryProcess.StartAsync(ct: TestContext.Current.CancellationToken);
        using (var seeder = new RegistrySeeder(source))
        {
            await seeder.PushImageAsync("team/app", "1.0.0", ct: TestContext.Current.CancellationToken);
        }

        await using var silent = new LoopbackServer(_ => ScriptedResponse.NoAnswer());
        var config = SyncConfigs.Config(SyncConfigs.Artifact($"{source.Host}/team/app", $"{silent.Host}/mirror/app"));

        var (result, elapsed) = await SyncAsync(config);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"✗ {source.Host}/team/app:1.0.0 — ", result.StandardOutput);
        Assert.Contains("Summary: 1 failed in ", result.StandardOutput);
        Assert.True(elapsed < MustFinishWithin, $"finished after {elapsed}");
    }

    private async Task<(ProcessResult Result, TimeSpan Elapsed)> SyncAsync(string config, params string[] flags)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await _cli.RunAsync(["sync", _cli.WriteConfig(config), "--no-progress", "--timeout", Timeout, .. flags], timeout: KillAfter);
        return (result, stopwatch.Elapsed);
    }
}
