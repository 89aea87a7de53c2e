using System.Diagnostics;
using FluxMirror.Coordinator.ApiClient;
using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Output;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Api;
using FluxMirror.Protocol.Messages;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Http;
using Microsoft.AspNetCore.Http;

namespace FluxMirror.Tests.Unit.Coordinator.ApiClient;

/// <summary>
/// <c>sync --cluster A,B</c> against coordinators that fail the ways real ones do: the CLI follows the job again
/// round the URLs and ends with the report, or gives up with one line once the reconnect timeout has passed.
/// </summary>
public sealed class ClusterSyncTests
{
    private const string JobId = "j1";
    private const string Events = $"/jobs/{JobId}/events";
    private static readonly ApiTimeouts Short = new(Connect: TimeSpan.FromSeconds(2), Response: TimeSpan.FromSeconds(2), StreamIdle: TimeSpan.FromSeconds(1));
    private static readonly SyncReport Report = SyncReport.Create("flux-mirror/v0.0.0", DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), []);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stream_that_goes_silent_is_followed_again_on_the_next_coordinator_up_to_the_report()
    {
        await using var doomed = await FakeCoordinator.StartAsync(
            async http =>
            {
                if (await AcceptedAsync(http))
                {
                    return;
                }

                await FakeCoordinator.StartStreamAsync(http);
                await FakeCoordinator.WriteLineAsync(http, JobEventCodec.Encode(new JobProgress(JobId, 0, 1, 0, 0, 0)));
                await FakeCoordinator.NeverAnswerAsync(http); // cut off: no FIN, no RST
            },
            Ct);
        await using var survivor = await FakeCoordinator.StartAsync(
            async http =>
            {
                await FakeCoordinator.StartStreamAsync(http);
                await FakeCoordinator.WriteLineAsync(http, JobEventCodec.Encode(new JobFinished(JobId, Report)));
            },
            Ct);
        var stderr = new StringWriter();

        var report = await RunAsync($"{doomed.Url},{survivor.Url}", stderr, TimeSpan.FromMinutes(1)).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal((Report.Reporter, Report.Summary), (report.Reporter, report.Summary));
        Assert.Equal($"lost the event stream of job {JobId}; following it again\n", stderr.ToString());
    }

    // A newer coordinator's event (an unknown wire name) or a broken line is one clear line, not a stack trace.
    [Theory]
    [InlineData("{\"type\":\"zz-from-the-future\",\"event\":{}}")]
    [InlineData("{\"type\":\"jp\",\"event\":{\"tagsDone\":\"many\"}}")]
    [InlineData("not json")]
    public async Task An_event_line_this_cli_cannot_read_ends_in_one_line_naming_the_coordinator(string line)
    {
        await using var coordinator = await FakeCoordinator.StartAsync(
            async http =>
            {
                if (await AcceptedAsync(http))
                {
                    return;
                }

                await FakeCoordinator.StartStreamAsync(http);
                await FakeCoordinator.WriteLineAsync(http, line);
            },
            Ct);

        var error = await Assert.ThrowsAsync<CliException>(() => RunAsync(coordinator.Url, new StringWriter(), TimeSpan.FromSeconds(5)).WaitAsync(TimeSpan.FromSeconds(30), Ct));

        Assert.StartsWith("the coordinator at http://127.0.0.1:", error.Message);
        Assert.EndsWith(" sent an event this CLI cannot read; is it the same flux-mirror version?", error.Message);
    }

    [Fact]
    public async Task Coordinators_that_stay_unreachable_end_in_one_line_soon_after_the_reconnect_timeout()
    {
        var reconnectFor = TimeSpan.FromSeconds(3);
        await using var stuck = await FakeCoordinator.StartAsync(async http =>
        {
            if (!await AcceptedAsync(http))
            {
                await FakeCoordinator.NeverAnswerAsync(http);
            }
        }, Ct);
        using var refused = new RefusedPort();
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<CliException>(() => RunAsync($"{stuck.Url},{refused.Url}", new StringWriter(), reconnectFor).WaitAsync(TimeSpan.FromSeconds(30), Ct));

        Assert.StartsWith($"lost the event stream of job {JobId} and could not follow it again within 3s (last: ", error.Message);
        Assert.EndsWith($"the job goes on: `flux-mirror job show {JobId} --cluster URL` tells how it goes", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        // Gives up at the bound plus at most one attempt (a response timeout), not later.
        Assert.InRange(clock.Elapsed, reconnectFor, reconnectFor + Short.Response + TimeSpan.FromSeconds(10));
        Assert.True(stuck.Hits(Events) >= 2, $"{stuck.Hits(Events)} attempts on {stuck.Url}");
    }

    [Fact]
    public async Task A_job_the_coordinator_refuses_to_stream_fails_at_once()
    {
        await using var fake = await FakeCoordinator.StartAsync(async http =>
        {
            if (!await AcceptedAsync(http))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                await http.Response.WriteAsJsonAsync(new ApiError($"job {JobId} is not running"), http.RequestAborted);
            }
        }, Ct);

        var error = await Assert.ThrowsAsync<CliException>(() => RunAsync(fake.Url, new StringWriter(), TimeSpan.FromMinutes(1)).WaitAsync(TimeSpan.FromSeconds(30), Ct));

        Assert.Equal($"job {JobId} is not running", error.Message);
        Assert.Equal(1, fake.Hits(Events));
    }

    [Fact]
    public async Task The_job_is_submitted_to_the_next_coordinator_when_the_first_takes_no_connection()
    {
        using var refused = new RefusedPort();
        await using var up = await FakeCoordinator.StartAsync(async http =>
        {
            if (!await AcceptedAsync(http))
            {
                await FakeCoordinator.StartStreamAsync(http);
                await FakeCoordinator.WriteLineAsync(http, JobEventCodec.Encode(new JobFinished(JobId, Report)));
            }
        }, Ct);

        var report = await RunAsync($"{refused.Url},{up.Url}", new StringWriter(), TimeSpan.FromMinutes(1)).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal((Report.Reporter, Report.Summary), (report.Reporter, report.Summary));
        Assert.Equal(1, up.Hits("/jobs"));
    }

    [Fact]
    public async Task Reconnect_timeout_without_cluster_is_refused_rather_than_ignored()
    {
        var result = await CliRunner.RunAsync("sync", "config.yaml", "--reconnect-timeout", "1m");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("✗ --reconnect-timeout applies only with --cluster\n", result.Stderr);
    }

    private static Task<SyncReport> RunAsync(string urls, StringWriter stderr, TimeSpan reconnectFor) =>
        ClusterSync.RunAsync(urls, new SubmitJobRequest("config"), new SilentObserver(), stderr, reconnectFor, Ct, Short);

    // POST /jobs: the job is accepted.
    private static async Task<bool> AcceptedAsync(HttpContext http)
    {
        if (http.Request.Method != HttpMethods.Post)
        {
            return false;
        }

        await http.Response.WriteAsJsonAsync(new SubmitJobResponse(JobId, Resumed: false), http.RequestAborted);
        return true;
    }
}
