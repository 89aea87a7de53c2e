using System.Net;
using System.Text.Json;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Bench.Estate;

/// <summary>The floor's reads from the source registry: tag lists, manifests (once per tag), blobs (streamed).</summary>
internal sealed class FloorSource(HttpClient http, Uri registry)
{
    /// <summary>GET /v2/&lt;repo&gt;/tags/list, following Link rel="next" if the registry pages.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken ct)
    {
        var tags = new List<string>();
        for (Uri? page = new(registry, $"/v2/{repository}/tags/list"); page is not null;)
        {
            using var response = await http.GetAsync(page, ct);
            FloorHttp.EnsureStatus(response, HttpStatusCode.OK);
            using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct));
            if (json.RootElement.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                tags.AddRange(list.EnumerateArray().Select(t => t.GetString()!));
            }

            page = NextPage(response);
        }

        return tags;
    }

    /// <summary>The manifest's exact bytes; its digest is computed and must match what the registry announces.</summary>
    public async Task<FetchedManifest> GetManifestAsync(string repository, string tag, CancellationToken ct)
    {
        using var request = FloorHttp.ManifestRequest(HttpMethod.Get, new Uri(registry, $"/v2/{repository}/manifests/{tag}"));
        using var response = await http.SendAsync(request, ct);
        FloorHttp.EnsureStatus(response, HttpStatusCode.OK);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        var digest = Digests.Sha256(bytes);
        if (FloorHttp.ContentDigest(response) is { } announced && announced != digest)
        {
            throw new InvalidDataException($"{repository}:{tag} announced {announced} but its bytes hash to {digest}");
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType
            ?? throw new InvalidDataException($"{repository}:{tag} was served without a media type");
        return new FetchedManifest(bytes, mediaType, digest);
    }

    /// <summary>The blob's response with only its headers read; the caller streams the body on and disposes it.</summary>
    public async Task<HttpResponseMessage> OpenBlobAsync(string repository, string digest, CancellationToken ct)
    {
        var response = await http.GetAsync(new Uri(registry, $"/v2/{repository}/blobs/{digest}"), HttpCompletionOption.ResponseHeadersRead, ct);
        try
        {
            FloorHttp.EnsureStatus(response, HttpStatusCode.OK);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private Uri? NextPage(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var links)
            ? links.Select(link => link.Split(';', 2))
                .Where(parts => parts.Length == 2 && parts[1].Contains("rel=\"next\"", StringComparison.Ordinal))
                .Select(parts => new Uri(registry, parts[0].Trim().TrimStart('<').TrimEnd('>')))
                .FirstOrDefault()
            : null;
}
