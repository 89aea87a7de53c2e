using System.Net;
using System.Net.Http.Json;
using System.Text;
using FluxMirror.Coordinator.Api;
using FluxMirror.Hosting.Http;
using FluxMirror.Protocol.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FluxMirror.Tests.Unit.Coordinator.Api;

/// <summary>
/// The token check and the JSON-only rule in front of stand-in routes: what a request needs to get through, and what
/// a refused one gets back (401 with the API's error document and <c>WWW-Authenticate: Bearer</c>, or 415).
/// </summary>
public sealed class ApiTokenAuthenticationTests
{
    private const string Token = "right-token-42";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token-42")]
    [InlineData("Bearer right-token-4")]
    [InlineData("Bearer ")]
    [InlineData("Bearer")]
    [InlineData("Basic cmlnaHQtdG9rZW4tNDI=")]
    [InlineData("Bearer  right-token-42")]
    [InlineData("right-token-42")]
    public async Task A_request_without_the_right_token_is_401_with_the_error_document(string? authorization)
    {
        await using var app = await StartAsync(Token);
        using var http = Client(app, authorization);

        foreach (var request in new[] { Get("jobs"), Get("jobs/j1/events"), Get("no/such/route"), PostJson("ops/cluster/down-unreachable") })
        {
            using var response = await http.SendAsync(request, Ct);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.Equal("missing or wrong API token: send Authorization: Bearer <token>", (await response.Content.ReadFromJsonAsync<ApiError>(Ct))?.Error);
            Assert.DoesNotContain("token-4", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Bearer right-token-42")]
    [InlineData("bearer right-token-42")]
    [InlineData("BEARER right-token-42")]
    public async Task The_right_token_gets_through(string authorization)
    {
        await using var app = await StartAsync(Token);
        using var http = Client(app, authorization);

        using var get = await http.SendAsync(Get("jobs"), Ct);
        using var post = await http.SendAsync(PostJson("ops/cluster/down-unreachable"), Ct);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
    }

    [Fact]
    public async Task The_health_probes_answer_without_a_token()
    {
        await using var app = await StartAsync(Token);
        using var http = Client(app, authorization: null);

        foreach (var path in JobEndpoints.ProbePaths)
        {
            using var response = await http.SendAsync(Get(path.TrimStart('/')), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Only GET: the probe paths are no way around the check for anything else.
        using var post = await http.SendAsync(PostJson(JobEndpoints.LivenessPath.TrimStart('/')), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [Fact]
    public async Task Without_a_configured_token_nothing_is_checked()
    {
        await using var app = await StartAsync(token: null);
        using var http = Client(app, authorization: null);

        using var response = await http.SendAsync(Get("jobs"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Two_authorization_headers_are_refused()
    {
        await using var app = await StartAsync(Token);
        using var http = Client(app, authorization: null);
        var request = Get("jobs");
        request.Headers.TryAddWithoutValidation("Authorization", ["Bearer wrong", "Bearer " + Token]);

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "confirm=1")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n")]
    [InlineData("text/plain", "{}")]
    [InlineData(null, "")]
    public async Task A_state_changing_post_takes_json_only(string? contentType, string body)
    {
        await using var app = await StartAsync(Token);
        using var http = Client(app, "Bearer " + Token);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await http.PostAsync("ops/cluster/down-unreachable", content, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("the request body must be JSON (Content-Type: application/json)", (await response.Content.ReadFromJsonAsync<ApiError>(Ct))?.Error);
    }

    private static async Task<WebApplication> StartAsync(string? token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseApiTokenAuthentication(token is null ? null : new ApiTokenComparer(token));
        app.MapGet(JobEndpoints.LivenessPath, () => "live");
        app.MapGet(JobEndpoints.ReadinessPath, () => "ready");
        app.MapGet("/jobs", () => Results.Ok(Array.Empty<string>()));
        app.MapGet("/jobs/{id}/events", () => Results.Ok());
        app.MapPost("/ops/cluster/down-unreachable", () => Results.Text("no unreachable members\n")).RequireJsonBody();
        await app.StartAsync(Ct);
        return app;
    }

    private static HttpClient Client(WebApplication app, string? authorization)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(app.Urls.Single()) };
        if (authorization is not null)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        return http;
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage PostJson(string path) => new(HttpMethod.Post, path) { Content = JsonContent.Create(new object()) };
}
