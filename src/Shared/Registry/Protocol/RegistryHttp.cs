using System.Net;
using System.Net.Http.Headers;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Transport;

namespace FluxMirror.Registry.Protocol;

/// <summary>
/// The protocol layer's access to the transport pipeline: builds <c>/v2/</c> URLs, tags requests with the token
/// scopes they need, and turns unexpected answers into <see cref="RegistryException"/>s.
/// </summary>
internal sealed class RegistryHttp(HttpMessageInvoker pipeline, RegistryClientOptions options)
{
    public RegistryClientOptions Options => options;

    public void Log(string line) => options.Log?.Invoke(line);

    /// <summary>Always https here; the transport switches hosts that only speak plain HTTP.</summary>
    public static Uri RepositoryUri(RepositoryRef repository, string relative) =>
        new($"https://{repository.Registry}/v2/{repository.Repository}/{relative}");

    public static Uri RegistryRootUri(string registry) => new($"https://{registry}/v2/");

    public static HttpRequestMessage Create(HttpMethod method, Uri uri, ScopeSet scopes, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Options.Set(RegistryRequestOptions.Scopes, scopes);
        return request;
    }

    /// <summary>
    /// Marks a request whose body the caller reads whole with <see cref="ReadLimitedAsync"/>: the transport reads it
    /// (up to <paramref name="limit"/>) inside the attempt, so a body that stalls or breaks off is retried.
    /// </summary>
    public static void ReadWhole(HttpRequestMessage request, int limit) => request.Options.Set(RegistryRequestOptions.ReadWhole, limit);

    public static void AcceptManifests(HttpRequestMessage request)
    {
        foreach (var mediaType in MediaTypes.AcceptedManifests)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        }
    }

    /// <summary>Sends and returns any response; transport failures become <see cref="RegistryException"/>s.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            return await pipeline.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw RegistryErrors.FromTransportFailure(request.Method, request.RequestUri!, ex);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw RegistryErrors.FromTransportFailure(request.Method, request.RequestUri!, new TimeoutException("request timed out", ex));
        }
    }

    /// <summary>Sends and requires one of <paramref name="expected"/>; any other status is thrown (and the response disposed).</summary>
    public async Task<HttpResponseMessage> SendExpectingAsync(HttpRequestMessage request, CancellationToken ct, params HttpStatusCode[] expected)
    {
        var response = await SendAsync(request, ct).ConfigureAwait(false);
        if (Array.IndexOf(expected, response.StatusCode) >= 0)
        {
            return response;
        }

        using (response)
        {
            throw await RegistryErrors.FromResponseAsync(response, ct).ConfigureAwait(false);
        }
    }

    public static Task<RegistryException> ErrorAsync(HttpResponseMessage response, CancellationToken ct) =>
        RegistryErrors.FromResponseAsync(response, ct);

    /// <summary>Resolves a Location header (absolute or relative) against the request it answered.</summary>
    public static Uri ResolveLocation(HttpResponseMessage response)
    {
        var location = response.Headers.Location
            ?? throw new RegistryException(RegistryErrors.Prefix(response.RequestMessage!.Method, response.RequestMessage.RequestUri!) + "response has no Location header", response.StatusCode);
        return location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);
    }

    /// <summary>Reads a body of at most <paramref name="limit"/> bytes (manifests, tag lists, indexes).</summary>
    public static async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, int limit, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > limit)
        {
            throw TooLarge(response, limit);
        }

        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limit)
                {
                    throw TooLarge(response, limit);
                }
            }

            return buffer.ToArray();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw RegistryErrors.FromTransportFailure(response.RequestMessage!.Method, response.RequestMessage.RequestUri!, ex);
        }
    }

    private static RegistryException TooLarge(HttpResponseMessage response, int limit) => new(
        RegistryErrors.Prefix(response.RequestMessage!.Method, response.RequestMessage.RequestUri!) + $"response exceeds {limit} bytes",
        response.StatusCode);
}
