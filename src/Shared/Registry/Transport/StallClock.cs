namespace FluxMirror.Registry.Transport;

/// <summary>
/// The timer behind the stall timeouts of one exchange (or one response body): armed for a phase while the exchange
/// waits on the peer, disarmed while it does not. When it runs out its token is cancelled, which aborts whatever waits
/// on the peer, and it remembers which phase stalled. Arming and disarming after it ran out or was disposed do nothing.
/// </summary>
internal sealed class StallClock(string host) : IDisposable
{
    private readonly CancellationTokenSource _expiry = new();
    private readonly Lock _lock = new();
    private StallPhase _phase;
    private TimeSpan _timeout;
    private bool _disposed;

    public CancellationToken Token => _expiry.Token;

    public bool HasExpired => _expiry.IsCancellationRequested;

    public void Arm(StallPhase phase, TimeSpan timeout)
    {
        lock (_lock)
        {
            if (_disposed || HasExpired)
            {
                return;
            }

            _phase = phase;
            _timeout = timeout;
            _expiry.CancelAfter(timeout);
        }
    }

    public void Disarm()
    {
        lock (_lock)
        {
            if (!_disposed && !HasExpired)
            {
                _expiry.CancelAfter(Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>The error for the phase that ran out.</summary>
    public PeerStalledException Expired()
    {
        lock (_lock)
        {
            return new PeerStalledException(host, _phase, _timeout);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        _expiry.Dispose();
    }
}
