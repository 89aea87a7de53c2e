using FluxMirror.Actors.BlobLedger;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Tests.Unit.Actors.BlobLedger;

public sealed class BlobLedgerStateTests
{
    private const string DigestA = "sha256:aaaa";
    private const string DigestB = "sha256:bbbb";

    [Fact]
    public void Placements_collect_repositories_per_registry_ignoring_the_registry_names_case()
    {
        var state = BlobLedgerState.Empty
            .Apply(new BlobPlaced("Registry.Example", "a", DigestA))
            .Apply(new BlobPlaced("registry.example", "b", DigestA))
            .Apply(new BlobPlaced("other.example", "c", DigestA));

        Assert.Equal(["a", "b"], state.RepositoriesOf("REGISTRY.example", DigestA).Order());
        Assert.Equal(["c"], state.RepositoriesOf("other.example", DigestA));
        Assert.Empty(state.RepositoriesOf("registry.example", DigestB));
        Assert.Equal(3, state.EventsSinceSnapshot);
    }

    [Fact]
    public void Forgotten_blobs_are_gone_from_that_registry_only()
    {
        var state = BlobLedgerState.Empty
            .Apply(new BlobPlaced("r1", "a", DigestA))
            .Apply(new BlobPlaced("r2", "a", DigestA))
            .Apply(new BlobPlaced("r1", "a", DigestB))
            .Apply(new BlobsForgotten("r1", [DigestA]));

        Assert.Empty(state.RepositoriesOf("r1", DigestA));
        Assert.Equal(["a"], state.RepositoriesOf("r2", DigestA));
        Assert.Equal(["a"], state.RepositoriesOf("r1", DigestB));
    }

    [Fact]
    public void A_snapshot_restores_every_placement_and_restarts_the_count()
    {
        var state = BlobLedgerState.Empty
            .Apply(new BlobPlaced("r1", "a", DigestA))
            .Apply(new BlobPlaced("r1", "b", DigestA))
            .Apply(new BlobPlaced("r2", "c", DigestB));

        var restored = BlobLedgerState.Empty.Apply(state.ToSnapshot());

        Assert.Equal(["a", "b"], restored.RepositoriesOf("r1", DigestA).Order());
        Assert.Equal(["c"], restored.RepositoriesOf("r2", DigestB));
        Assert.Equal(0, restored.EventsSinceSnapshot);
    }

    [Fact]
    public void A_snapshot_is_due_after_a_thousand_events_or_a_quarter_of_the_ledger()
    {
        var state = Enumerable.Range(0, 999).Aggregate(BlobLedgerState.Empty, (s, i) => s.Apply(new BlobPlaced("r", "a", $"sha256:{i}")));
        Assert.False(state.SnapshotDue);
        Assert.True(state.Apply(new BlobPlaced("r", "a", "sha256:x")).SnapshotDue);

        var large = BlobLedgerState.Empty.Apply(new BlobLedgerSnapshot([.. Enumerable.Range(0, 8000).Select(i => new BlobPlaced("r", "a", $"sha256:{i}"))]));
        var afterThousand = Enumerable.Range(0, 1000).Aggregate(large, (s, i) => s.Apply(new BlobPlaced("r", "b", $"sha256:{i}")));
        Assert.False(afterThousand.SnapshotDue);
        Assert.True(Enumerable.Range(1000, 1000).Aggregate(afterThousand, (s, i) => s.Apply(new BlobPlaced("r", "b", $"sha256:{i}"))).SnapshotDue);
    }
}
