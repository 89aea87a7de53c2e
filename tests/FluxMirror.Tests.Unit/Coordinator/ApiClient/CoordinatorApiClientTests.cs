using System.Diagnostics;
using FluxMirror.Coordinator.ApiClient;
using FluxMirror.Coordinator.Cli;
using FluxMirror.Protocol.Api;
using FluxMirror.TestSupport.Http;
using Microsoft.AspNetCore.Http;

namespace FluxMirror.Tests.Unit.Coordinator.ApiClient;

/// <summary>Every wait of the CLI on a coordinator has a bound, and running into it is one clear line.</summary>
public sealed class CoordinatorApiClientTests
{
    private static readonly ApiTimeouts Short = new(Connect: TimeSpan.FromSeconds(2), Response: TimeSpan.FromSeconds(1), StreamIdle: TimeSpan.FromSeconds(1));

    // Far above the bounds under test, far below "hangs": two loaded cores.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    // A CancelAfter timer may fire a clock tick before a Stopwatch says it is due (seen: 0.9992 s for 1 s).
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(50);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_coordinator_that_never_answers_is_one_line_after_the_response_timeout()
    {
        await using var fake = await FakeCoordinator.StartAsync(FakeCoordinator.NeverAnswerAsync, Ct);
        using var client = CoordinatorApiClient.Create(fake.Url, Short);

        var (error, elapsed) = await FailureOfAsync(() => client.GetAsync<List<object>>("jobs", Ct));

        Assert.IsType<CoordinatorUnavailableException>(error);
        Assert.Equal($"the coordinator at {fake.Url} did not answer within 1s", error.Message);
        Assert.InRange(elapsed, Short.Response - TimerSlack, Patience);
    }

    [Fact]
    public async Task A_stream_that_stalls_mid_way_ends_after_the_idle_timeout()
    {
        await using var fake = await FakeCoordinator.StartAsync(
            async http =>
            {
                await FakeCoordinator.StartStreamAsync(http);
                await FakeCoordinator.WriteLineAsync(http, "first");
                await FakeCoordinator.NeverAnswerAsync(http);
            },
            Ct);
        using var client = CoordinatorApiClient.Create(fake.Url, Short);
        var lines = new List<string>();

        var (error, elapsed) = await FailureOfAsync(async () =>
        {
            await foreach (var line in client.StreamLinesAsync("jobs/j1/events", Ct))
            {
                lines.Add(line);
            }
        });

        Assert.Equal(["first"], lines);
        Assert.IsType<CoordinatorUnavailableException>(error);
        Assert.Equal($"the event stream from {fake.Url} was silent for 1s", error.Message);
        Assert.InRange(elapsed, Short.StreamIdle - TimerSlack, Patience);
    }

    [Fact]
    public async Task Heartbeats_keep_a_quiet_stream_open_past_the_idle_timeout()
    {
        // Wide gaps between heartbeat and deadline: a busy test host may stall a thread for a second.
        var timeouts = Short with { StreamIdle = TimeSpan.FromSeconds(3) };
        var heartbeat = TimeSpan.FromMilliseconds(100);
        await using var fake = await FakeCoordinator.StartAsync(
            async http =>
            {
                await FakeCoordinator.StartStreamAsync(http);
                while (true)
                {
                    await Task.Delay(heartbeat, http.RequestAborted);
                    await FakeCoordinator.WriteLineAsync(http, string.Empty);
                }
            },
            Ct);
        using var client = CoordinatorApiClient.Create(fake.Url, timeouts);
        var clock = Stopwatch.StartNew();
        var heartbeats = 0;

        await foreach (var line in client.StreamLinesAsync("jobs/j1/events", Ct))
        {
            Assert.Equal(string.Empty, line);
            heartbeats++;
            if (clock.Elapsed > 1.5 * timeouts.StreamIdle)
            {
                break;
            }
        }

        Assert.True(clock.Elapsed > 1.5 * timeouts.StreamIdle, $"the stream ended after {heartbeats} heartbeats in {clock.Elapsed.TotalSeconds:0.0}s");
    }

    [Fact]
    public async Task A_refused_connection_is_one_line_and_marked_as_never_sent()
    {
        using var refused = new RefusedPort();
        var url = refused.Url;
        using var client = CoordinatorApiClient.Create(url, Short);
        var (error, _) = await FailureOfAsync(() => client.PostAsync<SubmitJobRequest, SubmitJobResponse>("jobs", new SubmitJobRequest("x"), Ct));

        var unavailable = Assert.IsType<CoordinatorUnavailableException>(error);
        Assert.True(unavailable.NotSent);
        Assert.StartsWith($"cannot reach the coordinator at {url}: ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData(404, false)]
    [InlineData(429, true)]
    [InlineData(503, true)]
    public async Task An_api_error_is_its_own_line_and_only_busy_or_5xx_is_worth_another_try(int status, bool unavailable)
    {
        await using var fake = await FakeCoordinator.StartAsync(
            async http =>
            {
                http.Response.StatusCode = status;
                await http.Response.WriteAsJsonAsync(new ApiError("job j1 is not running"), http.RequestAborted);
            },
            Ct);
        using var client = CoordinatorApiClient.Create(fake.Url, Short);

        var (error, _) = await FailureOfAsync(async () =>
        {
            await foreach (var line in client.StreamLinesAsync("jobs/j1/events", Ct))
            {
            }
        });

        Assert.IsAssignableFrom<CliException>(error);
        Assert.Equal(unavailable, error is CoordinatorUnavailableException);
        Assert.EndsWith("job j1 is not running", error.Message);
    }

    [Fact]
    public void A_password_in_the_url_never_reaches_an_error_line()
    {
        using var client = CoordinatorApiClient.Create("http://admin:s3cret@127.0.0.1:9/api/", Short);

        Assert.Equal("http://127.0.0.1:9/api", client.Url);
    }

    internal static async Task<(Exception Error, TimeSpan Elapsed)> FailureOfAsync(Func<Task> call)
    {
        var clock = Stopwatch.StartNew();
        var error = await Record.ExceptionAsync(() => call().WaitAsync(Patience, Ct));
        Assert.NotNull(error);
        Assert.IsNotType<TimeoutException>(error);
        return (error, clock.Elapsed);
    }
}
