namespace FluxMirror.Protocol.Messages;

/// <summary>Messages routed to one job's blob ledger (local child or cluster entity alike), keyed by the job id.</summary>
public interface IWithBlobLedger : IWithJobId
{
}

/// <summary>
/// A node asks what to do about one blob a copy needs in <paramref name="Repository"/> of <paramref name="Registry"/>.
/// <paramref name="ClaimId"/> is unique per asking node; the ledger answers <see cref="BlobClaimAnswered"/> to the sender.
/// </summary>
public sealed record ClaimBlob(string JobId, long ClaimId, string Registry, string Repository, string Digest, long Size) : IWithBlobLedger;

/// <summary>What the claim's copy does: upload it, nothing (present), mount it from a repository, or wait (queued).</summary>
public enum BlobVerdict
{
    Upload,
    Present,
    Mount,
    Queued,
}

/// <summary>The ledger's answer to a claim; a <see cref="BlobVerdict.Queued"/> claim gets a second, final answer later.</summary>
/// <param name="Repository">Where to mount from (<see cref="BlobVerdict.Mount"/>).</param>
public sealed record BlobClaimAnswered(string JobId, long ClaimId, string Registry, string Digest, BlobVerdict Verdict, string? Repository = null) : IWithJobId;

/// <summary>How a claim ended: the blob is in <paramref name="Repository"/> now (<paramref name="Present"/>), or the copy failed.</summary>
public sealed record SettleBlob(string JobId, long ClaimId, string Registry, string Repository, string Digest, bool Present) : IWithBlobLedger;

/// <summary>The registry lacks blobs the ledger had placed there: forget them on that registry.</summary>
public sealed record ForgetBlobs(string JobId, string Registry, IReadOnlyList<string> Digests) : IWithBlobLedger;

/// <summary>Journaled: a blob is in a repository of a destination registry.</summary>
public sealed record BlobPlaced(string Registry, string Repository, string Digest) : IMirrorMessage;

/// <summary>Journaled: blobs the ledger no longer believes are on a registry.</summary>
public sealed record BlobsForgotten(string Registry, IReadOnlyList<string> Digests) : IMirrorMessage;

/// <summary>Snapshot of a blob ledger: every registry's blobs and the repositories that hold each.</summary>
public sealed record BlobLedgerSnapshot(IReadOnlyList<BlobPlaced> Placed) : IMirrorMessage;
