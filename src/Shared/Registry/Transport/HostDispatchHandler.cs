using System.Collections.Concurrent;
using System.Net;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// The bottom of the pipeline: routes each request to the shared connection pool of its host's TLS profile and
/// stamps the User-Agent. Redirects are never followed here (see <see cref="RedirectHandler"/>).
/// </summary>
internal sealed class HostDispatchHandler : HttpMessageHandler
{
    private readonly Func<string, TlsProfile> _profileForHost;
    private readonly string _userAgent;
    private readonly ConcurrentDictionary<TlsProfile, Lazy<HttpMessageInvoker>> _pools = new();
    private readonly ConcurrentDictionary<string, TlsProfile> _hostProfiles = new(StringComparer.OrdinalIgnoreCase);

    public HostDispatchHandler(Func<string, TlsProfile> profileForHost, string userAgent)
    {
        _profileForHost = profileForHost;
        _userAgent = userAgent;
    }

    /// <summary>Builds the pool of a profile now, so that bad TLS material fails at startup, not mid-run.</summary>
    public void Prepare(TlsProfile profile) => _ = PoolFor(profile);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.UserAgent.Count == 0)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        }

        var profile = _hostProfiles.GetOrAdd(RegistryRequestOptions.HostOf(request), _profileForHost);
        return PoolFor(profile).SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var pool in _pools.Values.Where(p => p.IsValueCreated))
            {
                pool.Value.Dispose();
            }

            _pools.Clear();
        }

        base.Dispose(disposing);
    }

    private HttpMessageInvoker PoolFor(TlsProfile profile) =>
        _pools.GetOrAdd(profile, p => new Lazy<HttpMessageInvoker>(() => new HttpMessageInvoker(WithSpiffe(p, CreateHandler(p)), disposeHandler: true))).Value;

    private static HttpMessageHandler WithSpiffe(TlsProfile profile, SocketsHttpHandler pool) =>
        profile.Spiffe is { } hook ? new SpiffeHandshakeHandler(hook, pool) : pool;

    private static SocketsHttpHandler CreateHandler(TlsProfile profile) => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        SslOptions = profile.BuildSslOptions(),
    };
}
