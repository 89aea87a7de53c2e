using FluxMirror.Domain.Signatures.Sigstore;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>
/// A trusted root fetched over the network (TUF) the first time a tag needs it, then shared. One fetch at a time;
/// a failed fetch is not remembered, so a later tag (or a retried job) tries again instead of failing forever on a
/// network blip.
/// </summary>
internal sealed class FetchedTrustedRootSource(Func<CancellationToken, Task<byte[]>> fetch) : ITrustedRootSource, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TrustedRoot? _root;

    public async Task<TrustedRoot> GetAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _root) is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_root is null)
            {
                var json = await fetch(ct).ConfigureAwait(false);
                Volatile.Write(ref _root, TrustedRootSources.Parse(json));
            }

            return _root!;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
