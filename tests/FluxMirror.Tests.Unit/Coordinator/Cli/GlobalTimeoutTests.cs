using System.Diagnostics;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Http;

namespace FluxMirror.Tests.Unit.Coordinator.Cli;

/// <summary>
/// The global --timeout bounds every call of the commands that ask a coordinator, and the commands it cannot
/// apply to refuse it instead of ignoring it.
/// </summary>
public sealed class GlobalTimeoutTests
{
    // Generous for a busy 2-core machine, far below the 1m default the flag would otherwise leave in place.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Job_list_against_a_coordinator_that_never_answers_ends_with_one_line_after_the_timeout()
    {
        await using var coordinator = new SilentCoordinator();
        var clock = Stopwatch.StartNew();

        var result = await CliRunner.RunAsync("job", "list", "--cluster", coordinator.Url, "--timeout", "1s");

        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"✗ the coordinator at {coordinator.Url} did not answer within 1s\n", result.Stderr);
        Assert.Empty(result.Stdout);
        Assert.Equal("/jobs", Assert.Single(coordinator.Requests).PathAndQuery);
    }

    [Theory]
    [InlineData("job", "show", "job-1")]
    [InlineData("cluster", "show")]
    [InlineData("cluster", "down-unreachable")]
    [InlineData("cluster-sharding", "regions")]
    [InlineData("cluster-sharding", "region-stats", "-r", "tag-copy")]
    public async Task Every_command_that_asks_a_coordinator_is_bounded_by_it(params string[] command)
    {
        await using var coordinator = new SilentCoordinator();
        var clock = Stopwatch.StartNew();

        var result = await CliRunner.RunAsync([.. command, "--cluster", coordinator.Url, "--timeout", "300ms"]);

        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"✗ the coordinator at {coordinator.Url} did not answer within 300ms\n", result.Stderr);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("-1s")]
    public async Task A_timeout_that_is_not_positive_is_refused(string timeout)
    {
        var result = await CliRunner.RunAsync("job", "list", "--cluster", "http://127.0.0.1:9", "--timeout", timeout);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("✗ --timeout must be greater than 0\n", result.Stderr);
    }

    [Theory]
    [InlineData("version", "it waits for nothing")]
    [InlineData("coordinator", "the node runs until it is stopped")]
    public async Task Commands_it_does_not_apply_to_refuse_it(string command, string why)
    {
        var result = await CliRunner.RunAsync(command, "--timeout", "5s");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"✗ --timeout does not apply to \"flux-mirror {command}\": {why}\n", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Version_without_it_still_prints()
    {
        var result = await CliRunner.RunAsync("version");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("flux-mirror v", result.Stdout);
    }

    /// <summary>A coordinator that takes every request and never answers, until the test is done with it.</summary>
    private sealed class SilentCoordinator : IAsyncDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly LoopbackServer _server;

        public SilentCoordinator() => _server = new LoopbackServer(_ =>
        {
            _release.Wait(TestContext.Current.CancellationToken);
            return ScriptedResponse.Empty(503);
        });

        public string Url => $"http://{_server.Host}";

        public IReadOnlyList<RecordedRequest> Requests => _server.Requests;

        public async ValueTask DisposeAsync()
        {
            _release.Set();
            await _server.DisposeAsync();
            _release.Dispose();
        }
    }
}
