using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Protocol.Api;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>
/// The server decides: the coordinator's job API checks every submission itself, whatever the client checked
/// (options with the CLI's rules and messages, the config with what the nodes can run, the body's size), and
/// computes a job's identity from what was submitted, never from what the client says it is.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class JobSubmissionTests(ClusterFixture fixture) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(fixture.Cluster.HttpUrl), Timeout = TimeSpan.FromSeconds(60) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("{\"concurrency\":0}", "--concurrency must be greater than 0")]
    [InlineData("{\"concurrency\":2147483647}", "--concurrency must be at most 1024")]
    [InlineData("{\"retries\":-1}", "--retries must be greater than or equal to 0")]
    [InlineData("{\"perJobTimeout\":\"-00:00:01\"}", "--timeout must be greater than 0")]
    [InlineData("{\"perJobTimeout\":\"10675199.02:48:05.4775807\"}", "--timeout must be at most 24h0m0s")]
    public async Task Invalid_options_are_refused_with_the_clis_message(string options, string expected)
    {
        var config = JsonSerializer.Serialize(SyncConfigs.Config(SyncConfigs.Artifact($"{fixture.Source.Host}/opts/app", $"{fixture.Destination.Host}/opts/app")));
        var (status, error) = await PostAsync($"{{\"config\":{config},\"options\":{options}}}");

        Assert.Equal((HttpStatusCode.BadRequest, expected), (status, error));
    }

    [Theory]
    [InlineData("", "hosts[0]: credential: read jwkPath: open ")]
    [InlineData("", "hosts[0]: credential: fromPath: open ")]
    public async Task A_config_the_nodes_would_refuse_is_refused_on_submit_before_it_is_journaled(string extra, string expected)
    {
        var hosts = expected.Contains("jwkPath", StringComparison.Ordinal) ? $"hosts: [{{host: j.example, credential: {{jwkPath: no-such-{Guid.NewGuid():N}.json, iss: i, sub: s}}}}]\n"
            : expected.Contains("fromPath", StringComparison.Ordinal) ? $"hosts: [{{host: t.example, credential: {{fromPath: no-such-{Guid.NewGuid():N}.token}}}}]\n"
            : "";
        var config = SyncConfigs.Header + hosts + "artifacts:\n" + SyncConfigs.Artifact($"{fixture.Source.Host}/refused/app", $"{fixture.Destination.Host}/refused/app", extra: extra);
        var before = (await fixture.Cluster.Client().ListAsync(Ct)).Jobs.Count;

        var (status, error) = await PostAsync(JsonSerializer.Serialize(new SubmitJobRequest(config)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.Equal(before, (await fixture.Cluster.Client().ListAsync(Ct)).Jobs.Count);
    }

    [Fact]
    public async Task A_body_over_16_MiB_gets_413_with_a_json_error()
    {
        var huge = new string('#', (int)SubmitJobRequest.MaxBodyBytes);
        var body = $"{{\"config\":\"{huge}\"}}";

        var (status, error) = await PostAsync(body);
        var (chunkedStatus, chunkedError) = await PostAsync(body, chunked: true);

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "the request body is larger than the 16 MiB limit"), (status, error));
        Assert.Equal((status, error), (chunkedStatus, chunkedError));
    }

    [Fact]
    public async Task A_config_too_large_to_send_between_nodes_is_refused_instead_of_lost()
    {
        // Under the body cap, over what one remoting frame carries: the job manager or a worker would never get it.
        var padding = "# " + new string('x', 300_000) + "\n";
        var config = padding + SyncConfigs.Config(SyncConfigs.Artifact($"{fixture.Source.Host}/large/app", $"{fixture.Destination.Host}/large/app"));

        var (status, error) = await PostAsync(JsonSerializer.Serialize(new SubmitJobRequest(config)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("the config is too large for the cluster: its submission is ", error, StringComparison.Ordinal);
        Assert.EndsWith("bytes nodes can send each other (akka.remote.dot-netty.tcp.maximum-frame-size)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_digest_does_not_attach_a_run_to_another_config_s_job()
    {
        var images = await ClusterJobRun.SeedTagsAsync(fixture.Source, "digest/theirs", 4, Ct);
        var mine = await ClusterJobRun.SeedTagsAsync(fixture.Source, "digest/mine", 2, Ct);
        await using var proxy = await LoopbackProxy.StartAsync(fixture.Source.BaseUri, Ct);
        proxy.Latency = TimeSpan.FromMilliseconds(200); // their job is still running when mine comes in
        var options = new JobOptions(Concurrency: 1);
        var theirs = SyncConfigs.Config(SyncConfigs.Artifact($"{proxy.Host}/digest/theirs", $"{fixture.Destination.Host}/digest/theirs"));
        var ours = SyncConfigs.Config(SyncConfigs.Artifact($"{fixture.Source.Host}/digest/mine", $"{fixture.Destination.Host}/digest/mine"));

        var first = await SubmitAsync(new SubmitJobRequest(theirs, "team-a", options));
        var forged = await SubmitAsync(new SubmitJobRequest(ours, "team-b", options, ConfigDigest: SubmitJobRequest.DigestOf(Encoding.UTF8.GetBytes(theirs), options)));
        var again = await SubmitAsync(new SubmitJobRequest(theirs, "team-a", options, ConfigDigest: "sha256:made-up"));

        Assert.False(forged.Resumed);
        Assert.NotEqual(first.JobId, forged.JobId);
        Assert.Equal((first.JobId, true), (again.JobId, again.Resumed)); // the same config still resumes, whatever digest it claims
        var client = fixture.Cluster.Client();
        var (_, ourFinish) = await ClusterJobRun.FollowToEndAsync(client, forged.JobId, null, Ct);
        await ClusterJobRun.AssertEveryTagCopiedOnceAsync(ourFinish, fixture.Destination, "digest/mine", mine, Ct);
        var (_, theirFinish) = await ClusterJobRun.FollowToEndAsync(client, first.JobId, null, Ct);
        await ClusterJobRun.AssertEveryTagCopiedOnceAsync(theirFinish, fixture.Destination, "digest/theirs", images, Ct);
    }

    private async Task<SubmitJobResponse> SubmitAsync(SubmitJobRequest request)
    {
        using var response = await _http.PostAsJsonAsync("jobs", request, JsonSerializerOptions.Web, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<SubmitJobResponse>(JsonSerializerOptions.Web, Ct))!;
    }

    private async Task<(HttpStatusCode Status, string Error)> PostAsync(string json, bool chunked = false)
    {
        HttpContent content = chunked
            ? new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)))
            : new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "jobs") { Content = content };
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        using var response = await _http.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonNode.Parse(body)?["error"]?.GetValue<string>() ?? body);
    }
}
