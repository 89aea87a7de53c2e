using System.Collections.Concurrent;
using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// In-process gate: at most <c>maxConcurrentPerHost</c> requests in flight per host, and a host-wide pause after
/// a throttling answer so that every caller backs off, not just the one that was told to.
/// </summary>
public sealed class LocalHostGate : IHostRequestGate, IDisposable
{
    private readonly int _maxConcurrentPerHost;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, HostState> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public LocalHostGate(int maxConcurrentPerHost, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentPerHost, 1);
        _maxConcurrentPerHost = maxConcurrentPerHost;
        _time = time ?? TimeProvider.System;
    }

    public async ValueTask<IDisposable> EnterAsync(string host, CancellationToken ct)
    {
        var state = StateOf(host);
        await state.Permits.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Re-check after each wait: another request may have extended the pause meanwhile.
            TimeSpan wait;
            while ((wait = state.RemainingPause(_time.GetUtcNow())) > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, ct).ConfigureAwait(false);
            }
        }
        catch
        {
            state.Permits.Release();
            throw;
        }

        return new Permit(state.Permits);
    }

    public void ReportThrottled(string host, TimeSpan retryAfter)
    {
        StateOf(host).PauseUntil(_time.GetUtcNow() + retryAfter);
    }

    public void ReportOutcome(string host, bool ok)
    {
    }

    public void Dispose()
    {
        foreach (var state in _hosts.Values)
        {
            state.Permits.Dispose();
        }
    }

    private HostState StateOf(string host) => _hosts.GetOrAdd(host, _ => new HostState(new SemaphoreSlim(_maxConcurrentPerHost)));

    private sealed class HostState(SemaphoreSlim permits)
    {
        private readonly Lock _lock = new();
        private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

        public SemaphoreSlim Permits { get; } = permits;

        public void PauseUntil(DateTimeOffset until)
        {
            lock (_lock)
            {
                if (until > _pausedUntil)
                {
                    _pausedUntil = until;
                }
            }
        }

        public TimeSpan RemainingPause(DateTimeOffset now)
        {
            lock (_lock)
            {
                return _pausedUntil - now;
            }
        }
    }

    private sealed class Permit(SemaphoreSlim permits) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                permits.Release();
            }
        }
    }
}
