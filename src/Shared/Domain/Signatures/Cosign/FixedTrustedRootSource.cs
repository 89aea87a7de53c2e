using FluxMirror.Domain.Signatures.Sigstore;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>
/// A trusted root given as bytes (air-gapped or private Sigstore): parsed on first use, the outcome (root or error)
/// kept, since the same bytes parse the same way every time. Nothing is fetched.
/// </summary>
internal sealed class FixedTrustedRootSource(byte[] json) : ITrustedRootSource
{
    private readonly Lazy<TrustedRoot> _root = new(() => TrustedRootSources.Parse(json), LazyThreadSafetyMode.ExecutionAndPublication);

    public Task<TrustedRoot> GetAsync(CancellationToken ct) => Task.FromResult(_root.Value);
}
