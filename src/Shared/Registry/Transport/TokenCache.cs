using System.Collections.Concurrent;
using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// Bearer tokens per (host, scope set), shared by concurrent requests: one fetch per key at a time, reused until
/// shortly before expiry. Failed or cancelled fetches are not cached.
/// </summary>
internal sealed class TokenCache(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<BearerToken>>> _tokens = new(StringComparer.Ordinal);

    /// <summary>Returns a cached token, or fetches one. <c>Fresh</c> tells whether this call fetched it.</summary>
    public async Task<(BearerToken Token, bool Fresh)> GetAsync(string host, ScopeSet scopes, Func<Task<BearerToken>> fetch, CancellationToken ct)
    {
        var key = host + "|" + scopes.Key;
        while (true)
        {
            var fresh = false;
            var entry = _tokens.GetOrAdd(key, _ =>
            {
                fresh = true;
                return new Lazy<Task<BearerToken>>(fetch);
            });

            BearerToken token;
            try
            {
                token = await entry.Value.WaitAsync(ct).ConfigureAwait(false);
            }
            catch when (!ct.IsCancellationRequested)
            {
                _tokens.TryRemove(new KeyValuePair<string, Lazy<Task<BearerToken>>>(key, entry));
                throw;
            }

            if (token.RefreshAfter > time.GetUtcNow())
            {
                return (token, fresh);
            }

            _tokens.TryRemove(new KeyValuePair<string, Lazy<Task<BearerToken>>>(key, entry));
        }
    }

    /// <summary>Drops a token the registry rejected, so that the next request fetches a new one.</summary>
    public void Invalidate(string host, ScopeSet scopes) => _tokens.TryRemove(host + "|" + scopes.Key, out _);
}
