using System.Collections.Immutable;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Actors.BlobLedger;

/// <summary>
/// What a job's blob ledger has journaled: for each destination registry and blob digest, the repositories known to
/// hold it. Immutable; recovery and live events fold through <see cref="Apply"/>.
/// </summary>
public sealed record BlobLedgerState(ImmutableDictionary<BlobKey, ImmutableHashSet<string>> Holders, long EventsSinceSnapshot)
{
    public static BlobLedgerState Empty { get; } = new(ImmutableDictionary<BlobKey, ImmutableHashSet<string>>.Empty, 0);

    /// <summary>Blobs known, counted once per registry.</summary>
    public int Count => Holders.Count;

    /// <summary>Due once the events since the last snapshot reach a quarter of the ledger (at least 1 000), so snapshots stay linear in the job.</summary>
    public bool SnapshotDue => EventsSinceSnapshot >= Math.Max(1000, Count / 4);

    public ImmutableHashSet<string> RepositoriesOf(string registry, string digest) =>
        Holders.TryGetValue(new BlobKey(registry, digest), out var repositories) ? repositories : [];

    public BlobLedgerState Apply(object evt) => evt switch
    {
        BlobPlaced placed => new BlobLedgerState(
            Holders.SetItem(new BlobKey(placed.Registry, placed.Digest), RepositoriesOf(placed.Registry, placed.Digest).Add(placed.Repository)),
            EventsSinceSnapshot + 1),
        BlobsForgotten forgotten => new BlobLedgerState(
            Holders.RemoveRange(forgotten.Digests.Select(digest => new BlobKey(forgotten.Registry, digest))),
            EventsSinceSnapshot + 1),
        BlobLedgerSnapshot snapshot => FromSnapshot(snapshot),
        _ => this,
    };

    public BlobLedgerSnapshot ToSnapshot() => new(
        [.. Holders.SelectMany(pair => pair.Value.Select(repository => new BlobPlaced(pair.Key.Registry, repository, pair.Key.Digest)))]);

    private static BlobLedgerState FromSnapshot(BlobLedgerSnapshot snapshot) =>
        snapshot.Placed.Aggregate(Empty, (state, placed) => state.Apply(placed)) with { EventsSinceSnapshot = 0 };
}
