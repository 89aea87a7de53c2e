using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Credentials;

/// <summary>
/// One cached credential with a renewal time, shared by every request to a host: concurrent callers wait for one
/// fetch, a failed fetch is not cached, and a credential the registry rejected can be dropped early. The fetch decides
/// how long its result may be reused.
/// </summary>
/// <remarks>The semaphore never allocates a wait handle (only WaitAsync is used), so there is nothing to dispose.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "SemaphoreSlim without a wait handle holds no unmanaged resource.")]
internal sealed class RenewingCredentialCache(TimeProvider clock)
{
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private Cached? _cached;

    public async ValueTask<HostCredential> GetAsync(
        Func<DateTimeOffset, CancellationToken, Task<(HostCredential Credential, DateTimeOffset RenewAfter)>> fetch, CancellationToken ct)
    {
        if (Volatile.Read(ref _cached) is { } hit && hit.RenewAfter > clock.GetUtcNow())
        {
            return hit.Credential;
        }

        await _fetching.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var now = clock.GetUtcNow();
            if (_cached is { } again && again.RenewAfter > now)
            {
                return again.Credential;
            }

            var (credential, renewAfter) = await fetch(now, ct).ConfigureAwait(false);
            Volatile.Write(ref _cached, new Cached(credential, renewAfter));
            return credential;
        }
        finally
        {
            _fetching.Release();
        }
    }

    /// <summary>Drops <paramref name="rejected"/> if it is still cached; a newer credential is kept.</summary>
    public void Invalidate(HostCredential rejected)
    {
        if (Volatile.Read(ref _cached) is { } cached && cached.Credential == rejected)
        {
            Interlocked.CompareExchange(ref _cached, null, cached);
        }
    }

    private sealed record Cached(HostCredential Credential, DateTimeOffset RenewAfter);
}
