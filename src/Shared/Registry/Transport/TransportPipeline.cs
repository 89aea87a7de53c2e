using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Spiffe;
using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// Assembles the handler chain, outer to inner:
/// scheme → redirect → retry → auth → gate → stall timeouts → metrics → per-TLS-profile connection pools.
/// Auth's own calls (ping, token realm) use retry → gate → stall timeouts → pools, never themselves; the scheme probe
/// uses gate → stall timeouts → pools, and its outcome is not reported: an https attempt on a plain-HTTP registry fails
/// by design, and counting it as a failure lowered that host's concurrency limit on every job.
/// </summary>
internal sealed class TransportPipeline : IDisposable
{
    private readonly HostDispatchHandler _dispatch;
    private readonly HttpMessageInvoker _authInvoker;
    private readonly HttpMessageInvoker _probeInvoker;
    private readonly Dictionary<string, TlsProfile> _spiffeProfiles = new(StringComparer.OrdinalIgnoreCase);

    public TransportPipeline(RegistryClientOptions options, TimeProvider time)
    {
        var gate = options.Gate ?? UnlimitedGate.Instance;
        var retry = RetryPolicy.From(options);
        var skipVerification = options.Insecure;
        _dispatch = new HostDispatchHandler(host => ProfileFor(options, host, skipVerification), options.UserAgent);
        try
        {
            foreach (var host in options.Hosts.Keys)
            {
                try
                {
                    StartSpiffe(options, host, skipVerification);
                    _dispatch.Prepare(ProfileFor(options, host, skipVerification));
                }
                catch (TlsMaterialException ex)
                {
                    // No inner exception: the CLI prints the innermost message, and this one is complete.
                    throw new TlsMaterialException($"host \"{host}\": tls: {ex.Message}");
                }
            }
        }
        catch
        {
            DisposeSpiffeSources();
            _dispatch.Dispose();
            throw;
        }

        var bounded = new StallTimeoutHandler(new StallTimeouts(options.ResponseHeaderTimeout, options.BodyIdleTimeout)) { InnerHandler = new RequestMetricsHandler { InnerHandler = _dispatch } };
        _probeInvoker = new HttpMessageInvoker(new GateHandler(gate, reportsOutcomes: false) { InnerHandler = bounded }, disposeHandler: false);
        var schemes = new SchemeResolver(_probeInvoker, options.Insecure, new HashSet<string>(_spiffeProfiles.Keys, StringComparer.OrdinalIgnoreCase));
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

    /// <summary>
    /// Waits until every SPIFFE host has its first X.509-SVID, so that a missing or silent Workload API fails the run
    /// at startup (<c>host "…": tls: spiffe: create X.509 source: …</c>) rather than on its first request.
    /// </summary>
    public async Task WaitForSpiffeAsync(CancellationToken ct)
    {
        foreach (var (host, profile) in _spiffeProfiles)
        {
            try
            {
                await profile.Spiffe!.Source.WaitReadyAsync(ct).ConfigureAwait(false);
            }
            catch (CredentialException ex)
            {
                throw new TlsMaterialException($"host \"{host}\": tls: {ex.Message}");
            }
        }
    }

    public void Dispose()
    {
        Invoker.Dispose();
        _authInvoker.Dispose();
        _probeInvoker.Dispose();
        _dispatch.Dispose();
        DisposeSpiffeSources();
    }

    private void StartSpiffe(RegistryClientOptions options, string host, bool skipVerification)
    {
        if (options.SettingsFor(host)?.Tls is not { UsesSpiffe: true } tls)
        {
            return;
        }

        X509Source source;
        try
        {
            source = X509Source.FromEnvironment();
        }
        catch (CredentialException ex)
        {
            throw new TlsMaterialException(ex.Message);
        }

        _spiffeProfiles[host] = new TlsProfile(skipVerification, tls, new SpiffeTlsHook(host, source, tls.SpiffeServerAuthorizer, tls.PresentSvid));
    }

    private void DisposeSpiffeSources()
    {
        foreach (var profile in _spiffeProfiles.Values)
        {
            profile.Spiffe!.Source.Dispose();
        }
    }

    private TlsProfile ProfileFor(RegistryClientOptions options, string host, bool skipVerification) =>
        _spiffeProfiles.TryGetValue(host, out var spiffe) ? spiffe
        : options.SettingsFor(host)?.Tls is { } tls ? new TlsProfile(skipVerification, tls)
        : skipVerification ? new TlsProfile(true, null) : TlsProfile.SystemDefault;
}
