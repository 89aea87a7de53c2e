using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Credentials;

/// <summary>
/// One cached credential with a renewal time, shared by every request to a host: concurrent callers wait for one
/// fetch, a failed fetch is not cached, and a credential the registry rejected can be dropped early. The fetch decides
/// how long its result may be reused. The fetch runs on a token of its own, bounded by <see cref="FetchTimeout"/>,
/// never on a caller's: a caller that gives up (a tag whose check was cut short) stops waiting, and the login it
/// started still completes and is kept for the others, instead of being thrown away and asked for again.
/// </summary>
internal sealed class RenewingCredentialCache(TimeProvider clock)
{
    /// <summary>The longest one fetch may take, whoever waits for it.</summary>
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromMinutes(2);

    private readonly Lock _lock = new();
    private Cached? _cached;
    private Task<Cached>? _fetching;

    public async ValueTask<HostCredential> GetAsync(
        Func<DateTimeOffset, CancellationToken, Task<(HostCredential Credential, DateTimeOffset RenewAfter)>> fetch, CancellationToken ct)
    {
        if (Volatile.Read(ref _cached) is { } hit && hit.RenewAfter > clock.GetUtcNow())
        {
            return hit.Credential;
        }

        Task<Cached> fetching;
        lock (_lock)
        {
            if (_cached is { } again && again.RenewAfter > clock.GetUtcNow())
            {
                return again.Credential;
            }

            // A finished fetch is never joined: its credential was found stale above, or it failed.
            if (_fetching is not { IsCompleted: false })
            {
                _fetching = Task.Run(() => FetchAsync(fetch), CancellationToken.None);
            }

            fetching = _fetching;
        }

        return (await fetching.WaitAsync(ct).ConfigureAwait(false)).Credential;
    }

    /// <summary>Drops <paramref name="rejected"/> if it is still cached; a newer credential is kept.</summary>
    public void Invalidate(HostCredential rejected)
    {
        if (Volatile.Read(ref _cached) is { } cached && cached.Credential == rejected)
        {
            Interlocked.CompareExchange(ref _cached, null, cached);
        }
    }

    private async Task<Cached> FetchAsync(Func<DateTimeOffset, CancellationToken, Task<(HostCredential Credential, DateTimeOffset RenewAfter)>> fetch)
    {
        using var timeout = new CancellationTokenSource(FetchTimeout);
        var (credential, renewAfter) = await fetch(clock.GetUtcNow(), timeout.Token).ConfigureAwait(false);
        var cached = new Cached(credential, renewAfter);
        Volatile.Write(ref _cached, cached);
        return cached;
    }

    private sealed record Cached(HostCredential Credential, DateTimeOffset RenewAfter);
}
