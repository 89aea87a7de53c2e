using Akka.Actor;

namespace FluxMirror.Actors.BlobLedger;

/// <summary>
/// The placements a ledger has handed out and not yet seen end, by <typeparamref name="TKey"/>: uploads by blob and
/// registry, mounts by blob, registry and repository. Not journaled: after a restart nobody holds anything, and a copy
/// that still places a blob only settles what it placed.
/// </summary>
internal sealed class PlacementLeases<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, PlacementLease> _leases = [];

    public bool IsEmpty => _leases.Count == 0;

    public bool TryGet(TKey key, out PlacementLease lease) => _leases.TryGetValue(key, out lease!);

    public void Start(TKey key, Claimant holder, DateTimeOffset expires) => _leases[key] = new PlacementLease(holder, expires);

    /// <summary>The lease <paramref name="key"/> has, removed when <paramref name="client"/>'s claim holds it; null otherwise.</summary>
    public PlacementLease? End(TKey key, IActorRef client, long claimId) =>
        _leases.TryGetValue(key, out var lease) && lease.Holder.Is(client, claimId) && _leases.Remove(key) ? lease : null;

    /// <summary>
    /// The lease <paramref name="client"/>'s claim holds among the keys <paramref name="among"/> accepts, removed; null
    /// when it holds none. A scan: only for a claim handed back by a node that no longer knows its key.
    /// </summary>
    public PlacementLease? EndHeldBy(Func<TKey, bool> among, IActorRef client, long claimId)
    {
        foreach (var (key, lease) in _leases)
        {
            if (among(key) && lease.Holder.Is(client, claimId))
            {
                _leases.Remove(key);
                return lease;
            }
        }

        return null;
    }

    /// <summary>Leases whose time ran out, or whose holder is <paramref name="gone"/>, removed.</summary>
    public IReadOnlyList<(TKey Key, PlacementLease Lease)> EndLapsed(DateTimeOffset now, IActorRef? gone = null)
    {
        var lapsed = _leases.Where(pair => pair.Value.Expires <= now || pair.Value.Holder.Client.Equals(gone)).Select(pair => (pair.Key, pair.Value)).ToList();
        lapsed.ForEach(pair => _leases.Remove(pair.Key));
        return lapsed;
    }

    /// <summary>Drops the waiters of a node that is gone.</summary>
    public void DropWaiters(IActorRef gone)
    {
        foreach (var lease in _leases.Values)
        {
            lease.DropWaitersOf(gone);
        }
    }
}
