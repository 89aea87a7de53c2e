using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Mirroring.Blobs;

/// <summary>Knows nothing and remembers nothing: every blob is checked at its destination (copies outside a job).</summary>
public sealed class NoBlobLedger : IBlobLedger
{
    public static NoBlobLedger Instance { get; } = new();

    public ValueTask<BlobClaim> ClaimAsync(RepositoryRef destination, Descriptor blob, CancellationToken ct) =>
        ValueTask.FromResult(new BlobClaim(destination, blob.Digest, BlobPlacement.Unknown));

    public void Settle(BlobClaim claim, bool present)
    {
    }

    public void Forget(RepositoryRef destination, IReadOnlyCollection<string> digests)
    {
    }
}
