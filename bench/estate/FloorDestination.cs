using System.Net;
using System.Net.Http.Headers;

namespace FluxMirror.Bench.Estate;

/// <summary>The floor's requests to the destination registry: manifest HEAD and PUT, blob HEAD, mounts, upload sessions, monolithic PUTs.</summary>
internal sealed class FloorDestination(HttpClient http, Uri registry)
{
    /// <summary>The digest at the tag, or null when the tag does not exist yet.</summary>
    public async Task<string?> ManifestDigestAsync(string repository, string tag, CancellationToken ct)
    {
        using var request = FloorHttp.ManifestRequest(HttpMethod.Head, new Uri(registry, $"/v2/{repository}/manifests/{tag}"));
        using var response = await http.SendAsync(request, ct);
        FloorHttp.EnsureStatus(response, HttpStatusCode.OK, HttpStatusCode.NotFound);
        return response.StatusCode == HttpStatusCode.OK ? FloorHttp.ContentDigest(response) : null;
    }

    public async Task PutManifestAsync(string repository, string tag, FetchedManifest manifest, CancellationToken ct)
    {
        using var content = new ByteArrayContent(manifest.Bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
        using var response = await http.PutAsync(new Uri(registry, $"/v2/{repository}/manifests/{tag}"), content, ct);
        FloorHttp.EnsureStatus(response, HttpStatusCode.Created);
    }

    public async Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(registry, $"/v2/{repository}/blobs/{digest}"));
        using var response = await http.SendAsync(request, ct);
        FloorHttp.EnsureStatus(response, HttpStatusCode.OK, HttpStatusCode.NotFound);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>
    /// <c>POST /blobs/uploads/?mount=&lt;digest&gt;&amp;from=&lt;repo&gt;</c>: 201 when the registry linked the blob, else 202 with an
    /// upload session in the same exchange. <paramref name="from"/> may be the repository itself: 201 then means "already here".
    /// </summary>
    public Task<UploadStart> MountAsync(string repository, string digest, string from, CancellationToken ct) =>
        PostUploadAsync(repository, digest, $"?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(from)}", ct);

    /// <summary>A plain upload session (202).</summary>
    public Task<UploadStart> StartUploadAsync(string repository, string digest, CancellationToken ct) =>
        PostUploadAsync(repository, digest, "", ct);

    /// <summary>The whole blob in one PUT (Content-Length set, no PATCH), closing the session.</summary>
    public async Task PutBlobAsync(Uri completion, Stream body, long size, CancellationToken ct)
    {
        using var content = new StreamContent(body);
        content.Headers.ContentLength = size;
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PutAsync(completion, content, ct);
        FloorHttp.EnsureStatus(response, HttpStatusCode.Created);
    }

    private async Task<UploadStart> PostUploadAsync(string repository, string digest, string query, CancellationToken ct)
    {
        using var response = await http.PostAsync(new Uri(registry, $"/v2/{repository}/blobs/uploads/{query}"), content: null, ct);
        FloorHttp.EnsureStatus(response, HttpStatusCode.Created, HttpStatusCode.Accepted);
        return response.StatusCode == HttpStatusCode.Created ? UploadStart.Done : new UploadStart(false, FloorHttp.CompletionUri(response, registry, digest));
    }
}
