using System.Net;
using System.Net.Http.Headers;

namespace FluxMirror.Registry.Protocol;

/// <summary>
/// A monolithic upload body streamed from a <see cref="VerifyingBlobReader"/>. It always holds the newest block
/// back until the next one is read, so the final block is sent only after the digest and size were verified: a
/// corrupt source never completes the request. Two fixed buffers, whatever the blob size.
/// </summary>
internal sealed class VerifiedBlobContent : HttpContent
{
    private const int BlockSize = 64 * 1024;
    private readonly VerifyingBlobReader _reader;
    private readonly IProgress<long>? _progress;

    public VerifiedBlobContent(VerifyingBlobReader reader, IProgress<long>? progress)
    {
        _reader = reader;
        _progress = progress;
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var current = new byte[BlockSize];
        var next = new byte[BlockSize];
        var count = await _reader.FillAsync(current, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            if (_reader.ReachedExpectedSize || count < current.Length)
            {
                await _reader.VerifyAsync(cancellationToken).ConfigureAwait(false);
                await WriteAsync(stream, current, count, cancellationToken).ConfigureAwait(false);
                return;
            }

            var nextCount = await _reader.FillAsync(next, cancellationToken).ConfigureAwait(false);
            await WriteAsync(stream, current, count, cancellationToken).ConfigureAwait(false);
            (current, next, count) = (next, current, nextCount);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _reader.ExpectedSize;
        return true;
    }

    private async Task WriteAsync(Stream stream, byte[] buffer, int count, CancellationToken ct)
    {
        if (count == 0)
        {
            return;
        }

        await stream.WriteAsync(buffer.AsMemory(0, count), ct).ConfigureAwait(false);
        _progress?.Report(count);
    }
}
