using System.Net;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// Follows redirects of GET/HEAD (blob downloads are commonly sent to object storage). A hop to another host, or
/// from https down to plain http on any host, is sent without any registry credential: our Authorization header must
/// never leave the registry or cross the network in clear.
/// </summary>
internal sealed class RedirectHandler : DelegatingHandler
{
    private const int MaxRedirects = 10;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var original = request.RequestUri!;
        var current = request;
        for (var hop = 0; ; hop++)
        {
            var response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is null || hop >= MaxRedirects
                || (current.Method != HttpMethod.Get && current.Method != HttpMethod.Head))
            {
                return response;
            }

            var target = response.Headers.Location.IsAbsoluteUri
                ? response.Headers.Location
                : new Uri(current.RequestUri!, response.Headers.Location);
            response.Dispose();
            current = Follow(current, target, crossHost: LeavesTheRegistry(original, target));
        }
    }

    internal static bool LeavesTheRegistry(Uri original, Uri target) =>
        !string.Equals(target.Authority, original.Authority, StringComparison.OrdinalIgnoreCase)
        || (original.Scheme == Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttps);

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently
        or HttpStatusCode.Found
        or HttpStatusCode.SeeOther
        or HttpStatusCode.TemporaryRedirect
        or HttpStatusCode.PermanentRedirect;

    private static HttpRequestMessage Follow(HttpRequestMessage previous, Uri target, bool crossHost)
    {
        var next = new HttpRequestMessage(previous.Method, target) { Version = previous.Version };
        foreach (var header in previous.Headers)
        {
            if (!string.Equals(header.Key, "Authorization", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase))
            {
                next.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        if (RegistryRequestOptions.ReadWholeLimitOf(previous) is { } limit)
        {
            next.Options.Set(RegistryRequestOptions.ReadWhole, limit);
        }

        if (crossHost)
        {
            next.Options.Set(RegistryRequestOptions.Anonymous, true);
        }
        else
        {
            next.Options.Set(RegistryRequestOptions.Scopes, RegistryRequestOptions.ScopesOf(previous));
        }

        return next;
    }
}
