using System.Net;
using System.Net.Http.Headers;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Bench.Estate;

/// <summary>The few HTTP details both sides of the floor share.</summary>
internal static class FloorHttp
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(2);

    /// <summary>One pooled client for both registries: no proxy from the environment, no redirects (upload locations are read, not followed).</summary>
    public static HttpClient CreateClient() =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false }) { Timeout = RequestTimeout };

    public static HttpRequestMessage ManifestRequest(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        foreach (var mediaType in RegistryMediaTypes.AllManifests)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        }

        return request;
    }

    public static string? ContentDigest(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : null;

    /// <summary>The upload session's Location (absolute or relative to the registry) with <c>digest=</c> appended, for the closing PUT.</summary>
    public static Uri CompletionUri(HttpResponseMessage response, Uri registry, string digest)
    {
        var location = response.Headers.Location ?? throw new InvalidOperationException($"{Describe(response)} gave no Location");
        var builder = new UriBuilder(new Uri(registry, location));
        var parameter = "digest=" + Uri.EscapeDataString(digest);
        builder.Query = string.IsNullOrEmpty(builder.Query) ? parameter : builder.Query.TrimStart('?') + "&" + parameter;
        return builder.Uri;
    }

    public static void EnsureStatus(HttpResponseMessage response, params HttpStatusCode[] expected)
    {
        if (!expected.Contains(response.StatusCode))
        {
            throw new HttpRequestException($"{Describe(response)} answered {(int)response.StatusCode}, expected {string.Join(" or ", expected.Select(s => (int)s))}");
        }
    }

    private static string Describe(HttpResponseMessage response) =>
        $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}";
}
