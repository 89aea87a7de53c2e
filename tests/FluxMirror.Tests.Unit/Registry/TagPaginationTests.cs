using System.Text.Json;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Unit.Registry;

/// <summary>
/// distribution 2.8 ignores <c>n</c> on tag lists, so pagination is shown against a loopback server that pages
/// like registries that do (relative and absolute <c>Link</c> targets).
/// </summary>
public sealed class TagPaginationTests
{
    private static readonly string[] AllTags = Enumerable.Range(0, 25).Select(i => $"tag-{i:00}").ToArray();

    [Fact]
    public async Task List_tags_follows_relative_and_absolute_link_headers()
    {
        string? host = null;
        await using var server = new LoopbackServer(request =>
        {
            if (!request.PathAndQuery.StartsWith("/v2/team/app/tags/list", StringComparison.Ordinal))
            {
                return ScriptedResponse.Json(200, "{}");
            }

            var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + request.PathAndQuery).Query);
            var n = int.Parse(query["n"]!);
            var start = query["last"] is { } last ? Array.IndexOf(AllTags, last) + 1 : 0;
            var page = AllTags.Skip(start).Take(n).ToArray();
            var body = JsonSerializer.Serialize(new { name = "team/app", tags = page });
            if (start + n >= AllTags.Length)
            {
                return ScriptedResponse.Json(200, body);
            }

            // First page: a relative link; later pages: absolute, as different registries do.
            var next = $"/v2/team/app/tags/list?n={n}&last={page[^1]}";
            var link = start == 0 ? $"<{next}>; rel=\"next\"" : $"<http://{host}{next}>; rel=\"next\"";
            return ScriptedResponse.Json(200, body, ("Link", link));
        });
        host = server.Host;
        using var dockerConfig = new DockerConfigDir();
        using var client = new RegistryClient(new RegistryClientOptions { TagPageSize = 10, DockerConfigDirectory = dockerConfig.Path });

        var tags = await client.ListTagsAsync(new RepositoryRef(server.Host, "team/app"), TestContext.Current.CancellationToken);

        Assert.Equal(AllTags, tags);
        Assert.Equal(
            ["/v2/team/app/tags/list?n=10", "/v2/team/app/tags/list?n=10&last=tag-09", "/v2/team/app/tags/list?n=10&last=tag-19"],
            server.Requests.Where(r => r.PathAndQuery.Contains("tags/list", StringComparison.Ordinal)).Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task A_registry_that_pages_forever_is_refused_past_the_page_cap()
    {
        Assert.Equal(1000, new RegistryClientOptions().MaxTagPages);
        await using var server = EndlessPages(tagsPerPage: 1);
        using var dockerConfig = new DockerConfigDir();
        using var client = new RegistryClient(new RegistryClientOptions { TagPageSize = 1, MaxTagPages = 20, DockerConfigDirectory = dockerConfig.Path });

        var error = await Assert.ThrowsAsync<RegistryException>(
            () => client.ListTagsAsync(new RepositoryRef(server.Host, "team/app"), TestContext.Current.CancellationToken));

        Assert.Equal(
            $"tag list of {server.Host}/team/app has more than 20 pages; flux-mirror reads at most 1000000 tags in 20 pages per repository",
            error.Message);
        Assert.Equal(20, server.Requests.Count(r => r.PathAndQuery.Contains("tags/list", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_listing_past_the_tag_cap_is_refused()
    {
        Assert.Equal(1_000_000, new RegistryClientOptions().MaxTags);
        await using var server = EndlessPages(tagsPerPage: 10);
        using var dockerConfig = new DockerConfigDir();
        using var client = new RegistryClient(new RegistryClientOptions { TagPageSize = 10, MaxTags = 45, DockerConfigDirectory = dockerConfig.Path });

        var error = await Assert.ThrowsAsync<RegistryException>(
            () => client.ListTagsAsync(new RepositoryRef(server.Host, "team/app"), TestContext.Current.CancellationToken));

        Assert.StartsWith($"tag list of {server.Host}/team/app has more than 45 tags;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_body_past_the_cap_is_refused_before_it_is_read()
    {
        var huge = new byte[(16 * 1024 * 1024) + 1];
        await using var server = new LoopbackServer(request => request.PathAndQuery.Contains("tags/list", StringComparison.Ordinal)
            ? new ScriptedResponse(200, new Dictionary<string, string> { ["Content-Type"] = "application/json" }, huge)
            : ScriptedResponse.Json(200, "{}"));
        using var dockerConfig = new DockerConfigDir();
        using var client = new RegistryClient(new RegistryClientOptions { DockerConfigDirectory = dockerConfig.Path });

        var error = await Assert.ThrowsAsync<RegistryException>(
            () => client.ListTagsAsync(new RepositoryRef(server.Host, "team/app"), TestContext.Current.CancellationToken));

        Assert.Contains("/v2/team/app/tags/list?n=1000", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("response exceeds 16777216 bytes", error.Message, StringComparison.Ordinal);
    }

    // Every page links to one more: a registry (or a proxy) stuck in a loop of fresh cursors.
    private static LoopbackServer EndlessPages(int tagsPerPage) => new(request =>
    {
        if (!request.PathAndQuery.StartsWith("/v2/team/app/tags/list", StringComparison.Ordinal))
        {
            return ScriptedResponse.Json(200, "{}");
        }

        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + request.PathAndQuery).Query);
        var start = query["last"] is { } last ? int.Parse(last[4..]) + 1 : 0;
        var page = Enumerable.Range(start, tagsPerPage).Select(i => $"tag-{i}").ToArray();
        var body = JsonSerializer.Serialize(new { name = "team/app", tags = page });
        return ScriptedResponse.Json(200, body, ("Link", $"</v2/team/app/tags/list?n={tagsPerPage}&last={page[^1]}>; rel=\"next\""));
    });
}
