using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FluxMirror.Registry.Model;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// Minimal distribution HTTP API client used only by the fixture, deliberately independent of the
/// production OCI client. Basic credentials are sent pre-emptively, which is what an htpasswd
/// registry's Basic challenge asks for anyway.
/// </summary>
public sealed class RegistryApiClient : IDisposable
{
    // distribution rejects n above its 1000-entry maximum with PAGINATION_NUMBER_INVALID.
    private const int PageSize = 1000;

    private readonly HttpClient _http;

    public RegistryApiClient(Uri baseUri, string? username, string? password)
    {
        _http = LoopbackHttp.CreateClient(baseUri, TimeSpan.FromMinutes(10));
        if (username is not null && password is not null)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
    }

    public async Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/blobs/{digest}");
        using var response = await _http.SendAsync(request, ct);
        return response.StatusCode == HttpStatusCode.OK || await FailUnlessAsync(response, HttpStatusCode.NotFound, ct);
    }

    /// <summary>Monolithic upload: POST to open a session, then one PUT ?digest= with the whole body.</summary>
    public async Task UploadBlobAsync(string repository, string digest, HttpContent content, CancellationToken ct)
    {
        if (await BlobExistsAsync(repository, digest, ct))
            return;
        Uri location;
        using (var start = await _http.PostAsync($"/v2/{repository}/blobs/uploads/", content: null, ct))
        {
            await EnsureStatusAsync(start, HttpStatusCode.Accepted, ct);
            location = new Uri(_http.BaseAddress!, start.Headers.Location
                ?? throw new InvalidOperationException($"upload for {repository} returned no Location"));
        }
        var target = new UriBuilder(location);
        var digestParameter = "digest=" + Uri.EscapeDataString(digest);
        target.Query = string.IsNullOrEmpty(target.Query) ? digestParameter : target.Query.TrimStart('?') + "&" + digestParameter;
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await _http.PutAsync(target.Uri, content, ct);
        await EnsureStatusAsync(put, HttpStatusCode.Created, ct);
    }

    public async Task<byte[]> GetBlobAsync(string repository, string digest, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"/v2/{repository}/blobs/{digest}", ct);
        await EnsureStatusAsync(response, HttpStatusCode.OK, ct);
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    public async Task DeleteBlobAsync(string repository, string digest, CancellationToken ct)
    {
        using var response = await _http.DeleteAsync($"/v2/{repository}/blobs/{digest}", ct);
        await EnsureStatusAsync(response, HttpStatusCode.Accepted, ct);
    }

    /// <summary>PUTs the exact bytes; returns the digest the registry reports.</summary>
    public async Task<string> PutManifestAsync(string repository, string reference, byte[] manifest, string mediaType, CancellationToken ct)
    {
        using var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await _http.PutAsync($"/v2/{repository}/manifests/{reference}", content, ct);
        await EnsureStatusAsync(response, HttpStatusCode.Created, ct);
        return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : Digests.Sha256(manifest);
    }

    public async Task<string?> HeadManifestAsync(string repository, string reference, CancellationToken ct)
    {
        using var response = await SendManifestRequestAsync(HttpMethod.Head, repository, reference, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        await EnsureStatusAsync(response, HttpStatusCode.OK, ct);
        return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : null;
    }

    public async Task<(byte[] Bytes, string MediaType)?> GetManifestAsync(string repository, string reference, CancellationToken ct)
    {
        using var response = await SendManifestRequestAsync(HttpMethod.Get, repository, reference, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        await EnsureStatusAsync(response, HttpStatusCode.OK, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        return (bytes, response.Content.Headers.ContentType?.MediaType ?? "");
    }

    /// <summary>Tags, or empty when the repository does not exist (NAME_UNKNOWN).</summary>
    public Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken ct) =>
        ListPagedAsync($"/v2/{repository}/tags/list?n={PageSize}", "tags", ct);

    public Task<IReadOnlyList<string>> ListRepositoriesAsync(CancellationToken ct) =>
        ListPagedAsync($"/v2/_catalog?n={PageSize}", "repositories", ct);

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendManifestRequestAsync(HttpMethod method, string repository, string reference, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, $"/v2/{repository}/manifests/{reference}");
        foreach (var mediaType in RegistryMediaTypes.AllManifests)
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        return await _http.SendAsync(request, ct);
    }

    /// <summary>Follows RFC 5988 Link rel="next" headers until the list is complete.</summary>
    private async Task<IReadOnlyList<string>> ListPagedAsync(string firstPage, string property, CancellationToken ct)
    {
        var items = new List<string>();
        for (string? page = firstPage; page is not null;)
        {
            using var response = await _http.GetAsync(page, ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
                return items;
            await EnsureStatusAsync(response, HttpStatusCode.OK, ct);
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
            items.AddRange(json?[property]?.AsArray().Select(n => n!.GetValue<string>()) ?? []);
            page = NextPage(response);
        }
        return items;
    }

    private static string? NextPage(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var links)
            ? links.Select(link => link.Split(';', 2))
                .Where(parts => parts.Length == 2 && parts[1].Contains("rel=\"next\"", StringComparison.Ordinal))
                .Select(parts => parts[0].Trim().TrimStart('<').TrimEnd('>'))
                .FirstOrDefault()
            : null;

    private static async Task<bool> FailUnlessAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken ct)
    {
        await EnsureStatusAsync(response, expected, ct);
        return false;
    }

    private static async Task EnsureStatusAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken ct)
    {
        if (response.StatusCode == expected)
            return;
        // The registry's error JSON never echoes credentials, so it is safe to surface.
        var body = response.RequestMessage?.Method == HttpMethod.Head ? "" : await response.Content.ReadAsStringAsync(ct);
        throw new HttpRequestException(
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}, expected {(int)expected} {body.Trim()}",
            inner: null, response.StatusCode);
    }
}
