using System.Net;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// Sends a request body through a <see cref="StallWatchStream"/> on the exchange's clock, and arms the response-header
/// timeout only once the whole body is sent: a long upload is bounded by its idleness, never by the header timeout.
/// It does not own the body it wraps (the request keeps it, to be sent again on a retry).
/// </summary>
internal sealed class StallWatchedRequestContent : HttpContent
{
    private readonly HttpContent _body;
    private readonly StallClock _clock;
    private readonly StallTimeouts _timeouts;

    public StallWatchedRequestContent(HttpContent body, StallClock clock, StallTimeouts timeouts)
    {
        _body = body;
        _clock = clock;
        _timeouts = timeouts;
        foreach (var header in body.Headers.Where(h => !string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using (var watched = new StallWatchStream(stream, _clock, StallPhase.RequestBody, _timeouts.BodyIdle, owns: false))
        {
            await _body.CopyToAsync(watched, context, cancellationToken).ConfigureAwait(false);
        }

        _clock.Arm(StallPhase.ResponseHeaders, _timeouts.ResponseHeaders);
    }

    protected override bool TryComputeLength(out long length)
    {
        var known = _body.Headers.ContentLength;
        length = known.GetValueOrDefault();
        return known.HasValue;
    }
}
