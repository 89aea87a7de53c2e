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
}
