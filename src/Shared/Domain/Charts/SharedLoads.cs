using System.Collections.Concurrent;

namespace FluxMirror.Domain.Charts;

/// <summary>
/// Loads each key once and shares the result between concurrent callers. A load runs on the cache's own token (never
/// one caller's, so one job's timeout cannot fail its siblings); a failed load is forgotten so the next attempt retries.
/// </summary>
internal sealed class SharedLoads<TKey, TValue> : IDisposable
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _loads = new();
    private readonly ConcurrentQueue<TValue> _loaded = new();
    private readonly CancellationTokenSource _lifetime = new();

    public async Task<TValue> GetAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> load, CancellationToken ct)
    {
        var lazy = _loads.GetOrAdd(key, k => new Lazy<Task<TValue>>(() => LoadAndRecordAsync(k, load)));
        try
        {
            return await lazy.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            _loads.TryRemove(KeyValuePair.Create(key, lazy));
            throw;
        }
    }

    /// <summary>Every value that finished loading, e.g. to dispose them.</summary>
    public IReadOnlyCollection<TValue> Loaded() => _loaded;

    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }

    private async Task<TValue> LoadAndRecordAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> load)
    {
        var value = await load(key, _lifetime.Token).ConfigureAwait(false);
        _loaded.Enqueue(value);
        return value;
    }
}
