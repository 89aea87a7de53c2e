using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Mirroring.Blobs;

/// <summary>
/// One job's knowledge of where its blobs already are on each destination registry, shared by every copy of the job
/// (every worker, in a cluster) and kept with the job's journal. It makes each distinct blob cross from its source
/// once per destination registry: the first copy that needs it uploads it, copies that need it meanwhile wait for
/// that upload and then mount it, and later ones mount it or skip it. The ledger only saves requests: when it cannot
/// answer in time a copy proceeds as if it knew nothing, which is always correct.
/// </summary>
public interface IBlobLedger
{
    /// <summary>
    /// What to do about <paramref name="blob"/> in <paramref name="destination"/>. Waits while another copy of the
    /// job uploads the same blob to the same registry (bounded by the upload's lease).
    /// </summary>
    ValueTask<BlobClaim> ClaimAsync(RepositoryRef destination, Descriptor blob, CancellationToken ct);

    /// <summary>How the claim ended: the blob is now in the claim's repository, or the copy failed.</summary>
    void Settle(BlobClaim claim, bool present);

    /// <summary>The destination said it lacks blobs the ledger placed in <paramref name="destination"/>: stop believing it.</summary>
    void Forget(RepositoryRef destination, IReadOnlyCollection<string> digests);
}
