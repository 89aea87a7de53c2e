using Akka.Actor;
using Akka.Persistence;

namespace FluxMirror.Actors.Jobs;

/// <summary>
/// Deletes whole journals (every event and every snapshot of some persistence ids) through the journal and snapshot
/// store plugins, without recovering the actors that wrote them: a finished job's journal can be large, and nothing
/// needs to read it to delete it. The row the SQL journal keeps of a deleted journal goes too (<see cref="JournalTombstones"/>).
/// Tells its parent <see cref="Erased"/> or <see cref="Failed"/>, then stops.
/// </summary>
public sealed class JournalEraser : ReceiveActor
{
    private readonly IReadOnlyList<string> _persistenceIds;
    private readonly object _tag;
    private int _outstanding;
    private bool _finished;

    /// <param name="tag">Returned as is in the answer, so the parent knows what was (or was not) erased.</param>
    public JournalEraser(IReadOnlyList<string> persistenceIds, object tag, TimeSpan timeout)
    {
        _persistenceIds = persistenceIds;
        _tag = tag;
        Receive<DeleteMessagesSuccess>(_ => Answered());
        Receive<DeleteSnapshotsSuccess>(_ => Answered());
        Receive<DeleteMessagesFailure>(f => Fail(f.Cause.Message));
        Receive<DeleteSnapshotsFailure>(f => Fail(f.Cause.Message));
        Receive<ReceiveTimeout>(_ => Fail($"no answer from the journal within {timeout.TotalSeconds:0}s"));
        Receive<Purged>(_ => Finish(new Erased(_tag)));
        Receive<Status.Failure>(f => Fail(f.Cause.GetBaseException().Message));
        SetReceiveTimeout(timeout);
    }

    protected override void PreStart()
    {
        var persistence = Persistence.Instance.Apply(Context.System);
        var journal = persistence.JournalFor(null);
        var snapshots = persistence.SnapshotStoreFor(null);
        foreach (var id in _persistenceIds)
        {
            // long.MaxValue: everything, whatever the highest sequence number is (no recovery to learn it).
            journal.Tell(new DeleteMessagesTo(id, long.MaxValue, Self));
            snapshots.Tell(new DeleteSnapshots(id, SnapshotSelectionCriteria.Latest));
        }

        _outstanding = 2 * _persistenceIds.Count;
        if (_outstanding == 0)
        {
            Finish(new Erased(_tag));
        }
    }

    private void Answered()
    {
        if (--_outstanding == 0)
        {
            JournalTombstones.PurgeAsync(Context.System.Settings.Config, _persistenceIds)
                .PipeTo(Self, success: _ => new Purged());
        }
    }

    private void Fail(string reason) => Finish(new Failed(_tag, reason));

    private void Finish(object answer)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        Context.Parent.Tell(answer);
        Context.Stop(Self);
    }

    private sealed record Purged;

    public sealed record Erased(object Tag);

    public sealed record Failed(object Tag, string Reason);
}
