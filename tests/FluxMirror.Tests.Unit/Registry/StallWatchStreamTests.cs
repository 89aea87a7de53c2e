using FluxMirror.Registry.Transport;

namespace FluxMirror.Tests.Unit.Registry;

/// <summary>The body-idle timeout: only a pending read or write that brings nothing counts, never a long transfer.</summary>
public sealed class StallWatchStreamTests
{
    private const string Host = "registry.example:5000";

    // Generous against a busy machine: every failure below comes after one idle timeout, far inside this.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_read_that_brings_nothing_fails_naming_the_host_and_the_phase()
    {
        await using var stream = Watch(new PacedStream(bytes: 10, pause: Timeout.InfiniteTimeSpan), TimeSpan.FromMilliseconds(500));

        var error = await Assert.ThrowsAsync<PeerStalledException>(() => stream.ReadAsync(new byte[4], Ct).AsTask().WaitAsync(Patience, Ct));

        Assert.Equal($"timed out reading the response body from {Host}: no data for 500ms", error.Message);
        Assert.Equal((Host, StallPhase.ResponseBody), (error.Host, error.Phase));
    }

    [Fact]
    public async Task A_steady_transfer_longer_than_the_idle_timeout_is_never_cut()
    {
        // 24 reads of 150 ms each: 3.6 s in all against an idle timeout of 2 s, with room for a timer that fires late on
        // a busy machine (one CI run saw a 200 ms pause take over 1 s).
        await using var stream = Watch(new PacedStream(bytes: 24, pause: TimeSpan.FromMilliseconds(150)), TimeSpan.FromSeconds(2));
        using var copy = new MemoryStream();

        await stream.CopyToAsync(copy, Ct);

        Assert.Equal(24, copy.Length);
    }

    [Fact]
    public async Task Time_between_reads_is_the_consumers_and_does_not_count()
    {
        await using var stream = Watch(new PacedStream(bytes: 2, pause: TimeSpan.Zero), TimeSpan.FromMilliseconds(500));
        var buffer = new byte[1];

        Assert.Equal(1, await stream.ReadAsync(buffer, Ct));
        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct); // the other side of a copy is slow, not this peer
        Assert.Equal(1, await stream.ReadAsync(buffer, Ct));
    }

    [Fact]
    public async Task A_write_the_peer_never_takes_fails_and_the_stream_stays_failed()
    {
        using var clock = new StallClock(Host);
        await using var stream = new StallWatchStream(new PacedStream(bytes: 0, pause: Timeout.InfiniteTimeSpan), clock, StallPhase.RequestBody, TimeSpan.FromSeconds(1), owns: false);

        var error = await Assert.ThrowsAsync<PeerStalledException>(() => stream.WriteAsync(new byte[4], Ct).AsTask().WaitAsync(Patience, Ct));
        var again = await Assert.ThrowsAsync<PeerStalledException>(() => stream.WriteAsync(new byte[4], Ct).AsTask());

        Assert.Equal($"timed out sending the request body to {Host}: no progress for 1s", error.Message);
        Assert.Equal(error.Message, again.Message);
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation()
    {
        await using var stream = Watch(new PacedStream(bytes: 10, pause: Timeout.InfiniteTimeSpan), TimeSpan.FromSeconds(30));
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        caller.CancelAfter(TimeSpan.FromMilliseconds(200));

        // Not a PeerStalledException: a caller that gives up is never retried.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.ReadAsync(new byte[4], caller.Token).AsTask().WaitAsync(Patience, Ct));
    }

    private static StallWatchStream Watch(Stream inner, TimeSpan idle) =>
        new(inner, new StallClock(Host), StallPhase.ResponseBody, idle, owns: true);

    /// <summary>Reads yield one byte each after a pause (never, when infinite); writes take as long as the pause.</summary>
    private sealed class PacedStream(int bytes, TimeSpan pause) : Stream
    {
        private int _left = bytes;

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_left == 0)
            {
                return 0;
            }

            await Task.Delay(pause, cancellationToken);
            _left--;
            buffer.Span[0] = 42;
            return 1;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            await Task.Delay(pause, cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
