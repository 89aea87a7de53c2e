using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// Assembles the handler chain, outer to inner:
/// scheme → redirect → retry → auth → gate → stall timeouts → per-TLS-profile connection pools.
/// Auth's own calls (ping, token realm) use retry → gate → stall timeouts → pools, never themselves; the scheme probe
/// uses gate → stall timeouts → pools.
/// </summary>
internal sealed class TransportPipeline : IDisposable
{
    private readonly HostDispatchHandler _dispatch;
    private readonly HttpMessageInvoker _authInvoker;
    private readonly HttpMessageInvoker _probeInvoker;

    public TransportPipeline(RegistryClientOptions options, TimeProvider time)
    {
        var gate = options.Gate ?? UnlimitedGate.Instance;
        var retry = RetryPolicy.From(options);
        var skipVerification = options.Insecure;
        _dispatch = new HostDispatchHandler(host => ProfileFor(options, host, skipVerification), options.UserAgent);
        foreach (var host in options.Hosts.Keys)
        {
            try
            {
                _dispatch.Prepare(ProfileFor(options, host, skipVerification));
            }
            catch (TlsMaterialException ex)
            {
                throw new TlsMaterialException($"host \"{host}\": tls: {ex.Message}", ex);
            }
        }

        var bounded = new StallTimeoutHandler(new StallTimeouts(options.ResponseHeaderTimeout, options.BodyIdleTimeout)) { InnerHandler = _dispatch };
        _probeInvoker = new HttpMessageInvoker(new GateHandler(gate) { InnerHandler = bounded }, disposeHandler: false);
        var schemes = new SchemeResolver(_probeInvoker, options.Insecure);
        _authInvoker = new HttpMessageInvoker(
            new RetryHandler(retry, gate, time, options.Log) { InnerHandler = new GateHandler(gate) { InnerHandler = bounded } },
            disposeHandler: false);

        var keychain = new DockerConfigKeychain(options.DockerConfigDirectory, options.CredentialHelperDirectory);
        var auth = new AuthHandler(
            new CredentialResolver(options, keychain),
            new ChallengeCache(_authInvoker, schemes),
            new TokenCache(time),
            new TokenClient(_authInvoker, time))
        {
            InnerHandler = new GateHandler(gate) { InnerHandler = bounded },
        };

        Invoker = new HttpMessageInvoker(
            new SchemeHandler(schemes)
            {
                InnerHandler = new RedirectHandler { InnerHandler = new RetryHandler(retry, gate, time, options.Log) { InnerHandler = auth } },
            },
            disposeHandler: false);
    }

    /// <summary>Sends registry requests through the whole chain.</summary>
    public HttpMessageInvoker Invoker { get; }

    public void Dispose()
    {
        Invoker.Dispose();
        _authInvoker.Dispose();
        _probeInvoker.Dispose();
        _dispatch.Dispose();
    }

    private static TlsProfile ProfileFor(RegistryClientOptions options, string host, bool skipVerification) =>
        options.SettingsFor(host)?.Tls is { } tls ? new TlsProfile(skipVerification, tls) : skipVerification ? new TlsProfile(true, null) : TlsProfile.SystemDefault;
}
