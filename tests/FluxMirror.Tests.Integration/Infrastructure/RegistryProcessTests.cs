using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Infrastructure;

[Collection("Processes")]
public sealed class RegistryProcessTests
{
    [Fact]
    public async Task Starts_on_loopback_answers_v2_and_stops()
    {
        var registry = await RegistryProcess.StartAsync(ct: TestContext.Current.CancellationToken);
        var dataDirectory = registry.DataDirectory;
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        using (var response = await http.GetAsync(new Uri(registry.BaseUri, "/v2/"), TestContext.Current.CancellationToken))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("127.0.0.1:", registry.Host);

        await registry.DisposeAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(registry.BaseUri, "/v2/"), TestContext.Current.CancellationToken));
        Assert.False(Directory.Exists(dataDirectory));
    }

    [Fact]
    public async Task Htpasswd_registry_rejects_anonymous_and_accepts_basic()
    {
        await using var registry = await RegistryProcess.StartAsync(new RegistryOptions("alice", "s3cret-pass"), TestContext.Current.CancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = registry.BaseUri };

        using (var anonymous = await http.GetAsync("/v2/", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:s3cret-pass")));
        using (var authorized = await http.SendAsync(request, TestContext.Current.CancellationToken))
            Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);

        using var seeder = new RegistrySeeder(registry);
        var image = await seeder.PushImageAsync("auth/app", "v1", ct: TestContext.Current.CancellationToken);
        Assert.Equal(image.Digest, await seeder.ManifestDigestAsync("auth/app", "v1", TestContext.Current.CancellationToken));
        Assert.DoesNotContain(registry.LogLines(), line => line.Contains("s3cret-pass", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_log_records_manifest_put_and_can_be_cleared()
    {
        await using var registry = await RegistryProcess.StartAsync(ct: TestContext.Current.CancellationToken);
        using var seeder = new RegistrySeeder(registry);
        Assert.Empty(await registry.RequestsAsync(TestContext.Current.CancellationToken));

        await seeder.PushImageAsync("logged/app", "v1", ct: TestContext.Current.CancellationToken);
        var requests = await registry.RequestsAsync(TestContext.Current.CancellationToken);

        Assert.Contains(requests, r => r is { Method: "PUT", Path: "/v2/logged/app/manifests/v1", Status: 201 });
        Assert.Contains(requests, r => r.Method == "POST" && r.PathWithoutQuery == "/v2/logged/app/blobs/uploads/");

        registry.ClearRequestLog();
        await seeder.ManifestDigestAsync("logged/app", "v1", TestContext.Current.CancellationToken);
        var afterClear = await registry.RequestsAsync(TestContext.Current.CancellationToken);
        var only = Assert.Single(afterClear);
        Assert.Equal(new LoggedRequest("HEAD", "/v2/logged/app/manifests/v1", 200), only);
    }
}
