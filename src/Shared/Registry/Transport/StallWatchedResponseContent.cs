using System.Net;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// A response body read through a <see cref="StallWatchStream"/> with a clock of its own: each read must bring data
/// within the idle timeout, however long the whole body takes. Owns (and disposes) the content it wraps.
/// </summary>
internal sealed class StallWatchedResponseContent : HttpContent
{
    private readonly HttpContent _body;
    private readonly string _host;
    private readonly TimeSpan _idle;

    public StallWatchedResponseContent(HttpContent body, string host, TimeSpan idle)
    {
        _body = body;
        _host = host;
        _idle = idle;
        foreach (var header in body.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
    {
        var body = await _body.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new StallWatchStream(body, new StallClock(_host), StallPhase.ResponseBody, _idle, owns: true);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var body = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
        await body.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    // The length, when the peer sent one, is among the copied headers.
    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
        }

        base.Dispose(disposing);
    }
}
