using System.Net;
using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// Pings <c>GET /v2/</c> once per host and remembers how it wants to be authenticated. A later 401 with a different
/// challenge replaces the remembered one. Concurrent requests share one ping, cancelled if all of them give up.
/// </summary>
internal sealed class ChallengeCache(HttpMessageInvoker http, SchemeResolver schemes)
{
    private readonly SharedCalls<AuthChallenge> _challenges = new(StringComparer.OrdinalIgnoreCase);

    public async Task<AuthChallenge> GetAsync(string host, CancellationToken ct) =>
        (await _challenges.GetAsync(host, token => PingAsync(host, token), ct).ConfigureAwait(false)).Value;

    public void Update(string host, AuthChallenge challenge) => _challenges.Set(host, challenge);

    private async Task<AuthChallenge> PingAsync(string host, CancellationToken ct)
    {
        var scheme = await schemes.ResolveAsync(host, ct).ConfigureAwait(false);
        var uri = new Uri($"{scheme}://{host}/v2/");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw RegistryErrors.FromTransportFailure(request.Method, uri, ex);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized && AuthChallenge.From(response) is { } challenge)
            {
                return challenge;
            }

            if (response.IsSuccessStatusCode)
            {
                return AuthChallenge.None;
            }

            // Anything else (5xx after retries, 404 from a proxy) is not remembered: the real request reports it,
            // and a 401 on that request still triggers the challenge flow.
            throw new PingInconclusiveException();
        }
    }
}
