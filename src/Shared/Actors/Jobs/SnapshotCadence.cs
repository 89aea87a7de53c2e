using FluxMirror.Protocol.Messages;

namespace FluxMirror.Actors.Jobs;

/// <summary>
/// When the job coordinator saves a snapshot. A snapshot holds the whole job (every plan, every row and the pending
/// dispatches), so a fixed cadence (every 1 000 rows) made the bytes written grow with the square of the job. Here a
/// snapshot is due once the items journaled since the last one reach a quarter of what that snapshot held (at least
/// <see cref="Minimum"/>, about 1 000 tags). Each event adds at most its own items to the next snapshot, so a snapshot
/// holds at most 5× the items journaled since the previous one and all snapshots together stay within 5× the
/// journal: linear in the job. Recovery replays at most a quarter of the state after loading its snapshot (a
/// geometric cadence of ratio 1/2 would write less but replay up to half the job, which at ~0.2 ms per event is
/// seconds for a large job). Incremental snapshots would bound both but need a chain of snapshots that Akka's
/// recovery, which offers only the latest, cannot load.
/// Items are the units a snapshot is made of: a planned tag (with its entry), a finished row, a dispatched tag.
/// Immutable; recovery and live events fold through <see cref="Apply"/>.
/// </summary>
public sealed record SnapshotCadence(long SnapshotItems, long ItemsSince)
{
    /// <summary>Items (a planned tag, its dispatch and its row are three) before the first snapshot.</summary>
    public const long Minimum = 3000;

    public static SnapshotCadence Start { get; } = new(0, 0);

    public bool Due => ItemsSince >= Math.Max(Minimum, SnapshotItems / 4);

    /// <summary>Folds a journaled event, or a snapshot (saved or offered on recovery), which restarts the count.</summary>
    public SnapshotCadence Apply(object evt) => evt is JobSnapshot snapshot
        ? new SnapshotCadence(Items(snapshot), 0)
        : this with { ItemsSince = ItemsSince + Items(evt) };

    public static long Items(object evt) => evt switch
    {
        EntryPlanned planned => 1 + planned.Plan.Copies.Count,
        TagRowFinished or TagDispatched => 1,
        JobSnapshot snapshot => snapshot.Plans.Sum(p => 1L + p.Copies.Count) + snapshot.Rows.Count + snapshot.Dispatched.Count,
        _ => 0,
    };
}
