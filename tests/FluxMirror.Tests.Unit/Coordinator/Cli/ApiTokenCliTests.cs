using System.Collections.Concurrent;
using FluxMirror.Coordinator.ApiClient;
using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Output;
using FluxMirror.Protocol.Api;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace FluxMirror.Tests.Unit.Coordinator.Cli;

/// <summary>
/// The CLI side of the job API token: <c>--api-token-file</c> with the commands that talk to a coordinator, the token
/// sent as a bearer header, and a refusal (401) as one line that names the coordinator but never the token.
/// </summary>
public sealed class ApiTokenCliTests : IDisposable
{
    private const string Secret = "cli-Secret-0123456789";
    private readonly string _directory = TempDirectory.Create("cli-token");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("job", "list")]
    [InlineData("sync", "config.yaml")]
    public async Task A_token_file_without_cluster_is_refused_rather_than_ignored(string command, string argument)
    {
        var result = await CliRunner.RunAsync(command, argument, "--api-token-file", TokenFile());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("✗ --api-token-file applies only with --cluster\n", result.Stderr);
    }

    [Fact]
    public async Task An_operator_command_with_a_token_file_but_no_coordinator_is_refused()
    {
        // Without --cluster the command asks the loopback operator port, which takes no token: the file would do nothing.
        var result = await CliRunner.RunAsync("cluster", "show", "--api-token-file", TokenFile());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("✗ --api-token-file applies only with --cluster\n", result.Stderr);
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("job")]
    [InlineData("cluster")]
    [InlineData("cluster-sharding")]
    [InlineData("actor")]
    [InlineData("ratelimit")]
    public async Task Every_command_with_cluster_documents_the_flag(string command)
    {
        var help = await CliRunner.RunAsync(command, "--help");

        Assert.Contains("--api-token-file PATH", help.Stdout);
    }

    [Fact]
    public async Task The_token_is_sent_as_a_bearer_header_and_a_refusal_is_one_line_without_it()
    {
        var seen = new ConcurrentQueue<string>();
        await using var fake = await FakeCoordinator.StartAsync(
            async http =>
            {
                seen.Enqueue(http.Request.Headers.Authorization.ToString());
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await http.Response.WriteAsJsonAsync(new ApiError("missing or wrong API token: send Authorization: Bearer <token>"), http.RequestAborted);
            },
            Ct);

        var result = await CliRunner.RunAsync("job", "list", "--cluster", fake.Url, "--api-token-file", TokenFile(Secret + "\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"✗ the coordinator at {fake.Url} refused the API token (401): set FLUX_MIRROR_API_TOKEN or --api-token-file\n", result.Stderr);
        Assert.Equal(["Bearer " + Secret], seen);
    }

    [Fact]
    public async Task Without_a_token_the_refusal_says_one_is_required()
    {
        await using var fake = await FakeCoordinator.StartAsync(http =>
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }, Ct);
        using var client = CoordinatorApiClient.Create(fake.Url);

        var error = await Assert.ThrowsAsync<CliException>(() => client.GetAsync<List<object>>("jobs", Ct));

        Assert.IsNotType<CoordinatorUnavailableException>(error);
        Assert.Equal($"the coordinator at {fake.Url} requires an API token (401): set FLUX_MIRROR_API_TOKEN or --api-token-file", error.Message);
    }

    // A fail-over follower tries the next coordinator on a 5xx or a broken stream; a refused token is the same on
    // every coordinator of the cluster, so it ends the command at once.
    [Fact]
    public async Task A_refused_token_while_following_a_job_is_not_tried_again()
    {
        await using var first = await FakeCoordinator.StartAsync(
            async http =>
            {
                if (HttpMethods.IsPost(http.Request.Method))
                {
                    await http.Response.WriteAsJsonAsync(new SubmitJobResponse("j1", Resumed: false), http.RequestAborted);
                    return;
                }

                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            },
            Ct);
        await using var second = await FakeCoordinator.StartAsync(FakeCoordinator.NeverAnswerAsync, Ct);

        var error = await Assert.ThrowsAsync<CliException>(() =>
            ClusterSync.RunAsync($"{first.Url},{second.Url}", new SubmitJobRequest("config"), new SilentObserver(), new StringWriter(), TimeSpan.FromMinutes(1), Ct, apiToken: Secret)
                .WaitAsync(TimeSpan.FromSeconds(30), Ct));

        Assert.Equal($"the coordinator at {first.Url} refused the API token (401): set FLUX_MIRROR_API_TOKEN or --api-token-file", error.Message);
        Assert.Equal(1, first.Hits("/jobs/j1/events"));
        Assert.Equal(0, second.Hits("/jobs/j1/events"));
    }

    [Fact]
    public async Task Down_unreachable_posts_a_json_body()
    {
        var requests = new ConcurrentQueue<(string Method, string? ContentType, string Body)>();
        await using var fake = await FakeCoordinator.StartAsync(
            async http =>
            {
                requests.Enqueue((http.Request.Method, http.Request.ContentType, await new StreamReader(http.Request.Body).ReadToEndAsync(http.RequestAborted)));
                await http.Response.WriteAsync("no unreachable members\n", http.RequestAborted);
            },
            Ct);

        var result = await CliRunner.RunAsync("cluster", "down-unreachable", "--cluster", fake.Url, "--api-token-file", TokenFile());

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("no unreachable members\n", result.Stdout);
        var (method, contentType, body) = Assert.Single(requests);
        Assert.Equal(("POST", "{}"), (method, body));
        Assert.StartsWith("application/json", contentType);
    }

    public void Dispose() => TempDirectory.TryDelete(_directory);

    private string TokenFile(string content = Secret)
    {
        var path = Path.Combine(_directory, $"token-{Guid.NewGuid():N}");
        File.WriteAllText(path, content);
        return path;
    }
}
