namespace FluxMirror.Registry.Transport;

/// <summary>
/// A body stream whose every read (or write) must make progress within the idle timeout, or it fails with
/// <see cref="PeerStalledException"/>. Only the time spent waiting on the peer counts: the clock runs while an
/// operation is pending and stops between operations, so a long, steady transfer is never cut, however long it takes,
/// and a slow consumer (the other side of a copy) is never blamed on this peer.
/// </summary>
/// <param name="owns">Whether disposing this stream disposes <paramref name="inner"/> and <paramref name="clock"/>.</param>
internal sealed class StallWatchStream(Stream inner, StallClock clock, StallPhase phase, TimeSpan idle, bool owns) : Stream
{
    public override bool CanRead => inner.CanRead;

    public override bool CanWrite => inner.CanWrite;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        WatchAsync(token => inner.ReadAsync(buffer, token), cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(WatchAsync(async token => { await inner.WriteAsync(buffer, token).ConfigureAwait(false); return 0; }, cancellationToken).AsTask());

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        WatchAsync(async token => { await inner.FlushAsync(token).ConfigureAwait(false); return 0; }, cancellationToken).AsTask();

    // The transport only uses the asynchronous calls; the synchronous ones keep the same rules through them.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (owns)
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            clock.Dispose();
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && owns)
        {
            inner.Dispose();
            clock.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<T> WatchAsync<T>(Func<CancellationToken, ValueTask<T>> operation, CancellationToken ct)
    {
        if (clock.HasExpired)
        {
            throw clock.Expired();
        }

        clock.Arm(phase, idle);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, clock.Token);
        try
        {
            return await operation(linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when ((ex is OperationCanceledException or IOException) && clock.HasExpired && !ct.IsCancellationRequested)
        {
            throw clock.Expired();
        }
        finally
        {
            clock.Disarm();
        }
    }
}
