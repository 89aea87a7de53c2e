using Akka.Actor;

namespace FluxMirror.Actors.BlobLedger;

/// <summary>
/// The uploads a ledger has handed out and not yet seen end: for each blob, who holds the right to upload it, until
/// when, and the copies waiting for it in arrival order. Not journaled: after a restart nobody holds anything, and
/// a copy that still uploads only settles what it placed.
/// </summary>
internal sealed class BlobUploads
{
    private readonly Dictionary<BlobKey, Upload> _uploads = [];

    public bool IsEmpty => _uploads.Count == 0;

    public bool TryGet(BlobKey key, out Upload upload) => _uploads.TryGetValue(key, out upload!);

    public void Start(BlobKey key, Claimant holder, DateTimeOffset expires) => _uploads[key] = new Upload(holder, expires);

    /// <summary>Keeps (or puts back) an upload that changed hands.</summary>
    public void Put(BlobKey key, Upload upload) => _uploads[key] = upload;

    /// <summary>The upload <paramref name="holder"/> holds for <paramref name="key"/>, removed; null when it holds none.</summary>
    public Upload? End(BlobKey key, IActorRef client, long claimId)
    {
        if (!_uploads.TryGetValue(key, out var upload) || !upload.Holder.Is(client, claimId))
        {
            return null;
        }

        _uploads.Remove(key);
        return upload;
    }

    public void Remove(BlobKey key) => _uploads.Remove(key);

    /// <summary>Uploads whose lease ran out, or whose holder is <paramref name="gone"/>.</summary>
    public IReadOnlyList<(BlobKey Key, Upload Upload)> Lapsed(DateTimeOffset now, IActorRef? gone = null) =>
        [.. _uploads.Where(pair => pair.Value.Expires <= now || pair.Value.Holder.Client.Equals(gone)).Select(pair => (pair.Key, pair.Value))];

    /// <summary>Drops the waiters of a node that is gone.</summary>
    public void DropWaiters(IActorRef gone)
    {
        foreach (var upload in _uploads.Values)
        {
            upload.DropWaitersOf(gone);
        }
    }
}
