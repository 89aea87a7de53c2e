using Akka.Actor;

namespace FluxMirror.Actors.BlobLedger;

/// <summary>
/// The right to place one blob, held by one copy until it settles: an upload to the registry, or a mount into one
/// repository. The copies that need the same placement meanwhile wait here, in arrival order.
/// </summary>
internal sealed class PlacementLease(Claimant holder, DateTimeOffset expires)
{
    private readonly Queue<Claimant> _waiters = new();

    public Claimant Holder { get; } = holder;

    public DateTimeOffset Expires { get; } = expires;

    public IReadOnlyCollection<Claimant> Waiters => _waiters;

    public void Enqueue(Claimant waiter) => _waiters.Enqueue(waiter);

    public void DropWaitersOf(IActorRef gone)
    {
        var kept = _waiters.Where(w => !w.Client.Equals(gone)).ToList();
        _waiters.Clear();
        kept.ForEach(_waiters.Enqueue);
    }
}
