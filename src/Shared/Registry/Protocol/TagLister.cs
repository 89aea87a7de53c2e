using System.Net;
using System.Text.Json;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Transport;

namespace FluxMirror.Registry.Protocol;

/// <summary>
/// <c>GET /v2/&lt;repo&gt;/tags/list?n=…</c>, following <c>Link: &lt;…&gt;; rel="next"</c> pages. A listing is held
/// whole (selection sorts it), so it is bounded: each page body, the number of pages and the number of tags. Past a
/// bound the listing fails with an error naming the repository; it is never cut short silently.
/// </summary>
internal sealed class TagLister(RegistryHttp http)
{
    // Registries that ignore n= (distribution 2.8) answer with every tag in one page: 16 MiB is some 500 000 tags.
    private const int MaxPageBytes = 16 * 1024 * 1024;

    public async Task<IReadOnlyList<string>> ListAsync(RepositoryRef repository, CancellationToken ct)
    {
        var tags = new List<string>();
        var scopes = ScopeSet.Pull(repository.Repository);
        Uri? next = RegistryHttp.RepositoryUri(repository, $"tags/list?n={http.Options.TagPageSize}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 0; next is not null && seen.Add(next.AbsoluteUri); page++)
        {
            if (page == http.Options.MaxTagPages)
            {
                throw TooMany(repository, $"more than {http.Options.MaxTagPages} pages");
            }

            using var request = RegistryHttp.Create(HttpMethod.Get, next, scopes);
            RegistryHttp.ReadWhole(request, MaxPageBytes);
            using var response = await http.SendExpectingAsync(request, ct, HttpStatusCode.OK).ConfigureAwait(false);
            var body = await RegistryHttp.ReadLimitedAsync(response, MaxPageBytes, ct).ConfigureAwait(false);
            tags.AddRange(ParseTags(body, request));
            if (tags.Count > http.Options.MaxTags)
            {
                throw TooMany(repository, $"more than {http.Options.MaxTags} tags");
            }

            next = LinkHeader.Next(response, next);
        }

        return tags;
    }

    private RegistryException TooMany(RepositoryRef repository, string what) => new(
        $"tag list of {repository} has {what}; flux-mirror reads at most {http.Options.MaxTags} tags in {http.Options.MaxTagPages} pages per repository");

    private static IEnumerable<string> ParseTags(byte[] body, HttpRequestMessage request)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Array)
            {
                // Registries answer "tags": null for an empty repository.
                return [];
            }

            return tags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToArray();
        }
        catch (JsonException ex)
        {
            throw new RegistryException(RegistryErrors.Prefix(request.Method, request.RequestUri!) + $"invalid tag list: {ex.Message}");
        }
    }
}
