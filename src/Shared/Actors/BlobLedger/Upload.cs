using Akka.Actor;

namespace FluxMirror.Actors.BlobLedger;

/// <summary>One blob being uploaded: its holder and the copies waiting for the outcome.</summary>
internal sealed class Upload(Claimant holder, DateTimeOffset expires)
{
    private readonly Queue<Claimant> _waiters = new();

    public Claimant Holder { get; private set; } = holder;

    public DateTimeOffset Expires { get; private set; } = expires;

    public IReadOnlyCollection<Claimant> Waiters => _waiters;

    public void Enqueue(Claimant waiter) => _waiters.Enqueue(waiter);

    /// <summary>Hands the upload to the next waiter; false when nobody waits.</summary>
    public bool TryPromote(Func<long, DateTimeOffset> expiresFor, out Claimant next)
    {
        if (!_waiters.TryDequeue(out next!))
        {
            return false;
        }

        Holder = next;
        Expires = expiresFor(next.Size);
        return true;
    }

    public void DropWaitersOf(IActorRef gone)
    {
        var kept = _waiters.Where(w => !w.Client.Equals(gone)).ToList();
        _waiters.Clear();
        kept.ForEach(_waiters.Enqueue);
    }
}
