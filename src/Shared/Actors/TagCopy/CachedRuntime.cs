using FluxMirror.Actors.RateLimit;
using FluxMirror.Domain.Jobs;

namespace FluxMirror.Actors.TagCopy;

/// <summary>
/// One job's runtime on a worker, loaded once, with how many attempts use it now and when one last did.
/// Entering and evicting exclude each other, so a runtime is never disposed under a running attempt.
/// </summary>
internal sealed class CachedRuntime(Func<Task<JobRuntime>> load)
{
    private readonly Lock _lock = new();
    private int _inUse;
    private DateTimeOffset _lastUsed = DateTimeOffset.UtcNow;
    private bool _evicted;

    public Lazy<Task<JobRuntime>> Runtime { get; } = new(load);

    /// <summary>False once evicted: the caller loads a fresh entry.</summary>
    public bool TryEnter()
    {
        lock (_lock)
        {
            if (_evicted)
            {
                return false;
            }

            _inUse++;
            return true;
        }
    }

    public void Exit(DateTimeOffset now)
    {
        lock (_lock)
        {
            _inUse--;
            _lastUsed = now;
        }
    }

    /// <summary>Evicts (and disposes) when nothing uses it and nothing has since <paramref name="cutoff"/>.</summary>
    public bool TryEvict(DateTimeOffset cutoff)
    {
        lock (_lock)
        {
            if (_evicted || _inUse > 0 || _lastUsed >= cutoff)
            {
                return false;
            }

            _evicted = true;
        }

        DisposeRuntime();
        return true;
    }

    public void DisposeRuntime()
    {
        if (Runtime.IsValueCreated && Runtime.Value.IsCompletedSuccessfully)
        {
            Runtime.Value.Result.Dispose();
        }
    }
}
