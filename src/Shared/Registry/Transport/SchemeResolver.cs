using System.Collections.Concurrent;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// Decides http or https per registry host the way go-containerregistry's ping does: https always for ordinary
/// hosts; for hosts that may speak plain HTTP (local ones, or every host in insecure mode) https is tried first
/// and http used when no TLS conversation is possible. The answer is remembered per host. A host in
/// <paramref name="httpsOnly"/> (SPIFFE: the TLS handshake is its authentication) is never downgraded.
/// </summary>
internal sealed class SchemeResolver(HttpMessageInvoker probe, bool insecure, IReadOnlySet<string>? httpsOnly = null)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _schemes = new(StringComparer.OrdinalIgnoreCase);

    public bool MayUsePlainHttp(string host) => RegistryScheme.MayUsePlainHttp(host, insecure) && httpsOnly?.Contains(host) != true;

    public async ValueTask<string> ResolveAsync(string host, CancellationToken ct)
    {
        if (!MayUsePlainHttp(host))
        {
            return Uri.UriSchemeHttps;
        }

        var entry = _schemes.GetOrAdd(host, h => new Lazy<Task<string>>(() => ProbeAsync(h)));
        var scheme = await entry.Value.WaitAsync(ct).ConfigureAwait(false);
        if (scheme.Length == 0)
        {
            // Nothing answered at all: decide again next time, the registry may just be starting.
            _schemes.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(host, entry));
            return Uri.UriSchemeHttp;
        }

        return scheme;
    }

    /// <summary>"https" when a TLS exchange produced any HTTP response, "http" when TLS failed, "" when unreachable.</summary>
    private async Task<string> ProbeAsync(string host)
    {
        using var timeout = new CancellationTokenSource(ProbeTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://{host}/v2/");
        try
        {
            using var response = await probe.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return Uri.UriSchemeHttps;
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            return string.Empty;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return Uri.UriSchemeHttp;
        }
    }
}
