using System.Collections.Concurrent;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.Signatures.Cosign;

namespace FluxMirror.Domain.Jobs;

/// <summary>
/// One signature verifier per artifacts entry with <c>verify</c>, as the reference has one per entry, built the first
/// time the entry is planned: only the node that plans ever builds one (a worker's runtime of the same job never does).
/// </summary>
public sealed class EntrySignatureVerifiers(Func<VerifySpec, ITagSignatureVerifier> create)
{
    private readonly ConcurrentDictionary<int, ITagSignatureVerifier> _byEntry = new();

    /// <summary>The verifier of artifacts entry <paramref name="entryIndex"/>, or null when it does not verify.</summary>
    public ITagSignatureVerifier? For(int entryIndex, ArtifactEntry entry) =>
        entry.Verify is { } spec ? _byEntry.GetOrAdd(entryIndex, _ => create(spec)) : null;
}
