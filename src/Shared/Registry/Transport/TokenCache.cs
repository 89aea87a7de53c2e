using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// Bearer tokens per (host, scope set), shared by concurrent requests: one fetch per key at a time, reused until
/// shortly before expiry. Failed fetches are not cached; a fetch every waiting request gave up on is cancelled.
/// </summary>
internal sealed class TokenCache(TimeProvider time)
{
    private readonly SharedCalls<BearerToken> _tokens = new(StringComparer.Ordinal);

    /// <summary>Returns a cached token, or fetches one. <c>Fresh</c> tells whether this call fetched it.</summary>
    public async Task<(BearerToken Token, bool Fresh)> GetAsync(
        string host, ScopeSet scopes, Func<CancellationToken, Task<BearerToken>> fetch, CancellationToken ct)
    {
        var key = Key(host, scopes);
        while (true)
        {
            var (token, fresh) = await _tokens.GetAsync(key, fetch, ct).ConfigureAwait(false);
            if (token.RefreshAfter > time.GetUtcNow())
            {
                return (token, fresh);
            }

            _tokens.Remove(key, token);
        }
    }

    /// <summary>Drops a token the registry rejected, so that the next request fetches a new one.</summary>
    public void Invalidate(string host, ScopeSet scopes) => _tokens.Remove(Key(host, scopes));

    private static string Key(string host, ScopeSet scopes) => host + "|" + scopes.Key;
}
