namespace FluxMirror.Registry.Transport;

/// <summary>
/// Registry URLs are built as https; for hosts that turned out to speak plain HTTP this rewrites them, so every
/// request to a host uses the scheme its probe found (go-containerregistry's scheme transport).
/// </summary>
internal sealed class SchemeHandler(SchemeResolver schemes) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var host = uri.Authority;
        if (uri.Scheme == Uri.UriSchemeHttps && schemes.MayUsePlainHttp(host)
            && await schemes.ResolveAsync(host, cancellationToken).ConfigureAwait(false) == Uri.UriSchemeHttp)
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = Uri.UriSchemeHttp, Port = uri.IsDefaultPort ? -1 : uri.Port }.Uri;
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
