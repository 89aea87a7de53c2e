namespace FluxMirror.Bench.Estate;

/// <summary>
/// In memory, per destination registry and per run: which repositories hold which blob, and which transfers are under
/// way, so each blob is read from the source once per registry (the first tag uploads it, the others wait and mount) and a
/// blob known to be in a repository costs no request at all.
/// </summary>
internal sealed class BlobLedger
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, BlobPresence> _blobs = new(StringComparer.Ordinal);
    private int _mountHonoured;

    /// <summary>
    /// The registry has answered a cross-repository mount with 201 during this run, so it mounts: from then on an unknown
    /// blob is probed with a mount from its own repository (201 = already here, 202 = session open) instead of HEAD + POST.
    /// </summary>
    public bool MountsHonoured => Volatile.Read(ref _mountHonoured) == 1;

    public void NoteMountHonoured() => Volatile.Write(ref _mountHonoured, 1);

    /// <summary>
    /// Decides what the caller does next. <see cref="BlobClaimKind.MountFrom"/> and <see cref="BlobClaimKind.Upload"/>
    /// make it the owner of the transfer into <paramref name="repository"/>: it must call <see cref="Release"/>.
    /// </summary>
    public BlobClaim Claim(string digest, string repository)
    {
        lock (_lock)
        {
            if (!_blobs.TryGetValue(digest, out var presence))
            {
                presence = new BlobPresence();
                _blobs[digest] = presence;
            }

            if (presence.Repositories.Contains(repository))
            {
                return new BlobClaim(BlobClaimKind.AlreadyThere);
            }

            if (presence.InFlight.TryGetValue(repository, out var same))
            {
                return new BlobClaim(BlobClaimKind.Wait, Pending: same.Task);
            }

            if (presence.Repositories.Count > 0)
            {
                presence.InFlight[repository] = NewTransfer();
                return new BlobClaim(BlobClaimKind.MountFrom, From: presence.Repositories.First());
            }

            // Nowhere yet, but on its way into another repository: mounting from there afterwards beats a second upload.
            if (presence.InFlight.Count > 0)
            {
                return new BlobClaim(BlobClaimKind.Wait, Pending: presence.InFlight.Values.First().Task);
            }

            presence.InFlight[repository] = NewTransfer();
            return new BlobClaim(BlobClaimKind.Upload);
        }
    }

    /// <summary>Ends the caller's transfer; waiters wake up and ask again (and take over if it failed).</summary>
    public void Release(string digest, string repository, bool present)
    {
        TaskCompletionSource? transfer;
        lock (_lock)
        {
            var presence = _blobs[digest];
            presence.InFlight.Remove(repository, out transfer);
            if (present)
            {
                presence.Repositories.Add(repository);
            }
        }

        transfer?.TrySetResult();
    }

    private static TaskCompletionSource NewTransfer() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
