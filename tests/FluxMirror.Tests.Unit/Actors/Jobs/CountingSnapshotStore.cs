using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Snapshot;
using FluxMirror.Protocol.Serialization;

namespace FluxMirror.Tests.Unit.Actors.Jobs;

/// <summary>
/// An in-memory snapshot store that records the size of every snapshot saved, serialized as the node's snapshot store
/// serializes it. Answers <see cref="GetWritten"/> with the sizes in save order.
/// </summary>
public sealed class CountingSnapshotStore : SnapshotStore
{
    /// <summary>HOCON that makes this the default snapshot store, over Akka's in-memory journal.</summary>
    public const string Config = """
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "counting-snapshot-store"
        counting-snapshot-store.class = "FluxMirror.Tests.Unit.Actors.Jobs.CountingSnapshotStore, FluxMirror.Tests.Unit"
        """;

    private readonly List<SelectedSnapshot> _saved = [];
    private readonly List<long> _sizes = [];
    private readonly MirrorMessageSerializer _serializer;

    public CountingSnapshotStore() => _serializer = new MirrorMessageSerializer((ExtendedActorSystem)Context.System);

    /// <summary>Asks for the sizes (bytes) of every snapshot saved so far.</summary>
    public sealed record GetWritten
    {
        public static GetWritten Instance { get; } = new();
    }

    protected override Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        Task.FromResult(_saved.Where(s => s.Metadata.PersistenceId == persistenceId && Matches(s.Metadata, criteria))
            .MaxBy(s => s.Metadata.SequenceNr));

    protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken)
    {
        _sizes.Add(_serializer.ToBinary(snapshot).Length);
        _saved.Add(new SelectedSnapshot(metadata, snapshot));
        return Task.CompletedTask;
    }

    protected override Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken)
    {
        _saved.RemoveAll(s => s.Metadata.PersistenceId == metadata.PersistenceId && s.Metadata.SequenceNr == metadata.SequenceNr);
        return Task.CompletedTask;
    }

    protected override Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        _saved.RemoveAll(s => s.Metadata.PersistenceId == persistenceId && Matches(s.Metadata, criteria));
        return Task.CompletedTask;
    }

    protected override bool ReceivePluginInternal(object message)
    {
        if (message is not GetWritten)
        {
            return false;
        }

        Sender.Tell(_sizes.ToList());
        return true;
    }

    private static bool Matches(SnapshotMetadata metadata, SnapshotSelectionCriteria criteria) =>
        metadata.SequenceNr <= criteria.MaxSequenceNr && metadata.SequenceNr >= criteria.MinSequenceNr
        && metadata.Timestamp <= criteria.MaxTimeStamp;
}
