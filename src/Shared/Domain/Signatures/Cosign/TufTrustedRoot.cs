using FluxMirror.Domain.Signatures.Tuf;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>
/// Fetches <c>trusted_root.json</c> through TUF: the public-good Sigstore repository (embedded initial root), or a
/// private repository at <see cref="SigstoreOptions.TufUrl"/> trusted from <see cref="SigstoreOptions.TufInitialRoot"/>
/// (targets under <c>&lt;url&gt;/targets/</c>, as sigstore-go lays a repository out).
/// </summary>
internal static class TufTrustedRoot
{
    public static async Task<byte[]> FetchAsync(SigstoreOptions options, HttpClient http, TimeProvider time, CancellationToken ct)
    {
        TufClient client;
        try
        {
            client = new TufClient(http, Repository(options), time);
        }
        catch (Exception ex) when (ex is TufException or ArgumentException or FormatException)
        {
            throw new CosignVerificationException($"create TUF client: {ex.Message}", ex);
        }

        try
        {
            return await client.GetTargetAsync(TrustedRootSources.TrustedRootTarget, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw new CosignVerificationException($"fetch trusted root: {ex.Message}", ex);
        }
    }

    private static TufRepository Repository(SigstoreOptions options)
    {
        if (options.TufUrl is not { } url)
        {
            return TufRepository.PublicGood(options.TufCacheDirectory);
        }

        if (options.TufInitialRoot is not { } initialRoot)
        {
            throw new ArgumentException($"TUF repository {url} needs its initial root.json");
        }

        var metadata = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        return new TufRepository(metadata, new Uri(metadata, "targets/"), initialRoot, options.TufCacheDirectory);
    }
}
