using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using FluxMirror.Protocol.Api;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>
/// A real coordinator process started with <c>FLUX_MIRROR_API_TOKEN_FILE</c> (on its own PostgreSQL journal, no
/// workers: only its API is under test): every route but the health probes wants the token, state-changing posts
/// want JSON, the CLI gets in with the token and says so in one line without it, and the token is in no output.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ApiTokenTests(ApiTokenTests.TokenCoordinator coordinator) : IClassFixture<ApiTokenTests.TokenCoordinator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every route of the job and operator API, with a body where it takes one.</summary>
    public static TheoryData<string, string> Routes { get; } = new()
    {
        { "POST", "jobs" },
        { "GET", "jobs" },
        { "GET", "jobs/some-job" },
        { "GET", "jobs/some-job/events" },
        { "GET", "ops/cluster/show" },
        { "POST", "ops/cluster/down-unreachable" },
        { "GET", "ops/cluster-sharding/regions" },
        { "GET", "ops/cluster-sharding/region-stats/tag-copy" },
        { "GET", "no/such/route" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Without_the_right_token_every_route_is_401(string method, string path)
    {
        foreach (var token in new[] { null, "wrong", coordinator.Token[..^1] })
        {
            using var response = await SendAsync(Request(method, path), token);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
            Assert.Equal("missing or wrong API token: send Authorization: Bearer <token>", (await response.Content.ReadFromJsonAsync<ApiError>(Ct))?.Error);
        }
    }

    [Fact]
    public async Task The_health_probes_answer_without_a_token()
    {
        using var live = await SendAsync(Request("GET", "healthz/live"), token: null);
        using var ready = await SendAsync(Request("GET", "healthz/ready"), token: null);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task The_right_token_gets_every_route_its_usual_answer()
    {
        using var jobs = await SendAsync(Request("GET", "jobs"), coordinator.Token);
        using var missing = await SendAsync(Request("GET", "jobs/some-job"), coordinator.Token);
        using var submit = await SendAsync(Request("POST", "jobs"), coordinator.Token);
        using var show = await SendAsync(Request("GET", "ops/cluster/show"), coordinator.Token);
        using var down = await SendAsync(Request("POST", "ops/cluster/down-unreachable"), coordinator.Token);
        using var regions = await SendAsync(Request("GET", "ops/cluster-sharding/regions"), coordinator.Token);

        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        // The probe body carries no config: refused by the endpoint itself, past the token check.
        Assert.Equal(HttpStatusCode.BadRequest, submit.StatusCode);
        Assert.Equal("config required: the request body must carry the config text", (await submit.Content.ReadFromJsonAsync<ApiError>(Ct))?.Error);
        Assert.Equal(HttpStatusCode.OK, show.StatusCode);
        Assert.Contains("| [coordinator] | up |", await show.Content.ReadAsStringAsync(Ct));
        Assert.Equal("no unreachable members\n", await down.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, regions.StatusCode);
    }

    [Theory]
    [InlineData("ops/cluster/down-unreachable")]
    [InlineData("jobs")]
    public async Task A_form_post_is_415_even_with_the_token(string path)
    {
        using var form = new FormUrlEncodedContent([new("config", "x")]);
        using var multipart = new MultipartFormDataContent { { new StringContent("x"), "config" } };
        using var text = new StringContent("{}", Encoding.UTF8, "text/plain");

        foreach (HttpContent body in new HttpContent[] { form, multipart, text })
        {
            using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = body }, coordinator.Token);

            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_cli_gets_in_with_the_token_and_says_in_one_line_when_it_is_refused()
    {
        using var cli = new FluxMirrorCli();
        var url = coordinator.Cluster.HttpUrl;

        var fromVariable = await cli.RunAsync(["job", "list", "--cluster", url], Env(coordinator.Token));
        var fromFile = await cli.RunAsync(["cluster", "down-unreachable", "--cluster", url, "--api-token-file", coordinator.TokenFile], Env("ignored-" + coordinator.Token));
        var wrong = await cli.RunAsync(["cluster-sharding", "regions", "--cluster", url], Env("wrong-" + coordinator.Token));

        Assert.True(fromVariable.ExitCode == 0, fromVariable.StandardError);
        Assert.True(fromFile.ExitCode == 0, fromFile.StandardError);
        Assert.Equal("no unreachable members\n", fromFile.StandardOutput);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Equal($"✗ the coordinator at {url} refused the API token (401): set FLUX_MIRROR_API_TOKEN or --api-token-file\n", wrong.StandardError);
        Assert.DoesNotContain(coordinator.Token, wrong.CombinedOutput);
    }

    // Through HTTP the hash and compare are lost in the noise of a request; the comparer's own test measures the
    // work directly. This one only makes sure nothing on the way (a cache, an early exit) tells the two apart.
    [Fact]
    public async Task A_near_miss_is_refused_no_slower_than_a_far_off_token()
    {
        var nearMiss = coordinator.Token[..^1] + (coordinator.Token[^1] == 'x' ? 'y' : 'x');
        var farOff = new string('z', coordinator.Token.Length);
        var near = new List<double>();
        var far = new List<double>();
        await TimeAsync(nearMiss); // warm-up: connection, JIT
        await TimeAsync(farOff);

        for (var i = 0; i < 200; i++)
        {
            near.Add(await TimeAsync(nearMiss));
            far.Add(await TimeAsync(farOff));
        }

        var (nearMedian, farMedian) = (Median(near), Median(far));
        TestContext.Current.TestOutputHelper?.WriteLine($"median refusal: near-miss {nearMedian:F0} µs, far-off {farMedian:F0} µs");
        Assert.True(nearMedian / farMedian is > 0.5 and < 2.0, $"near-miss {nearMedian:F0} µs vs far-off {farMedian:F0} µs");
    }

    [Fact]
    public void The_coordinator_never_printed_the_token()
    {
        var lines = coordinator.Cluster.CoordinatorLines();

        Assert.Contains(lines, l => l.Contains("(API token required)", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(coordinator.Token, StringComparison.Ordinal));
    }

    private async Task<double> TimeAsync(string token)
    {
        var clock = Stopwatch.StartNew();
        using var response = await SendAsync(Request("GET", "jobs"), token);
        var elapsed = clock.Elapsed.TotalMicroseconds;
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return elapsed;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string? token)
    {
        using (request)
        {
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return await coordinator.Http.SendAsync(request, Ct);
        }
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "POST" ? JsonContent.Create(new { }) : null,
    };

    private static Dictionary<string, string?> Env(string token) => new() { ["FLUX_MIRROR_API_TOKEN"] = token };

    /// <summary>One coordinator process for the class, its token in a 0600 file as a mounted Secret would be.</summary>
    public sealed class TokenCoordinator : IAsyncLifetime
    {
        private readonly string _directory = TempDirectory.Create("api-token");

        public string Token { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

        public string TokenFile => Path.Combine(_directory, "api-token");

        public ProcessCluster Cluster { get; private set; } = null!;

        public HttpClient Http { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            await File.WriteAllTextAsync(TokenFile, Token + "\n", TestContext.Current.CancellationToken);
            File.SetUnixFileMode(TokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Cluster = await ProcessCluster.StartAsync(workers: 0, TestContext.Current.CancellationToken, new Dictionary<string, string?> { ["FLUX_MIRROR_API_TOKEN_FILE"] = TokenFile });
            Http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(Cluster.HttpUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
        }

        public async ValueTask DisposeAsync()
        {
            Http?.Dispose();
            if (Cluster is not null)
            {
                await Cluster.DisposeAsync();
            }

            TempDirectory.TryDelete(_directory);
        }
    }
}
