namespace FluxMirror.Registry.Transport;

/// <summary>
/// Bounds every wait on the peer of a request: the response headers must come within
/// <see cref="StallTimeouts.ResponseHeaders"/> of the request being sent (connecting included, the request body
/// excluded), and the request and response bodies must never stand still for <see cref="StallTimeouts.BodyIdle"/>.
/// A peer that stalls fails the exchange with a <see cref="PeerStalledException"/>, which callers retry like a
/// connection error. Sits right above the connection pools, below the host gate, so waiting for a permit never counts.
/// </summary>
public sealed class StallTimeoutHandler(StallTimeouts timeouts) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var host = request.RequestUri!.Authority;
        using var clock = new StallClock(host);
        using var exchange = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, clock.Token);
        var body = request.Content;
        if (body is null)
        {
            clock.Arm(StallPhase.ResponseHeaders, timeouts.ResponseHeaders);
        }
        else
        {
            // The wrapper lives for this send only: the request keeps its own body, to be sent again on a retry.
            request.Content = new StallWatchedRequestContent(body, clock, timeouts);
        }

        try
        {
            var response = await base.SendAsync(request, exchange.Token).ConfigureAwait(false);
            response.Content = new StallWatchedResponseContent(response.Content, host, timeouts.BodyIdle);
            return response;
        }
        catch (Exception ex) when (ex is not PeerStalledException && clock.HasExpired && !cancellationToken.IsCancellationRequested)
        {
            throw clock.Expired();
        }
        finally
        {
            request.Content = body;
        }
    }
}
