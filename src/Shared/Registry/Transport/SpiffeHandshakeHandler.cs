using FluxMirror.Registry.Credentials;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// In front of a SPIFFE host's connection pool: waits for the host's first X.509-SVID (bounded by the source), and
/// turns a refused server certificate into a one-line reason (<c>tls: unexpected ID "…"</c>) instead of .NET's
/// generic "remote certificate was rejected".
/// </summary>
internal sealed class SpiffeHandshakeHandler : DelegatingHandler
{
    private readonly SpiffeTlsHook _hook;

    public SpiffeHandshakeHandler(SpiffeTlsHook hook, HttpMessageHandler inner)
        : base(inner)
    {
        _hook = hook;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            await _hook.Source.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CredentialException ex)
        {
            throw new HttpRequestException(HttpRequestError.SecureConnectionError, $"host \"{_hook.Host}\": tls: {ex.Message}");
        }

        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.SecureConnectionError && _hook.TakeRejection() is { } reason)
        {
            throw new HttpRequestException(HttpRequestError.SecureConnectionError, "tls: " + reason);
        }
    }
}
