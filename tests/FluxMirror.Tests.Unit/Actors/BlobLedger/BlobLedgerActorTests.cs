using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Actors.BlobLedger;
using FluxMirror.Actors.Jobs;
using FluxMirror.Actors.Nodes;
using FluxMirror.Actors.TagCopy;
using FluxMirror.Coordinator.Embedded;
using FluxMirror.Domain.Mirroring.Blobs;
using FluxMirror.Protocol.Routing;
using FluxMirror.Registry.Model;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FluxMirror.Tests.Unit.Actors.BlobLedger;

/// <summary>A job's blob ledger on the embedded node (real SQLite journal): one upload per blob, waiters mount, nothing lost on restart.</summary>
public sealed class BlobLedgerActorTests : IDisposable
{
    private const string Job = "job-1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static readonly Descriptor Blob = new("application/vnd.oci.image.layer.v1.tar", "sha256:" + new string('a', 64), 1000);
    private static readonly Descriptor OtherBlob = Blob with { Digest = "sha256:" + new string('b', 64) };
    private readonly string _stateDir = TempDirectory.Create("fm-ledger-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => TempDirectory.TryDelete(_stateDir);

    [Fact]
    public async Task A_blob_is_uploaded_by_one_copy_while_the_others_wait_and_then_mount_it()
    {
        await WithNodeAsync(async node =>
        {
            var ledger = node.Ledger();
            var first = await ledger.ClaimAsync(Repo("mirror/a"), Blob, Ct);
            var waiting = ledger.ClaimAsync(Repo("mirror/b"), Blob, Ct).AsTask();
            var sameRepository = ledger.ClaimAsync(Repo("mirror/a"), Blob, Ct).AsTask();

            // Answers come in order: once a later claim is answered, the waiting ones were told to wait.
            Assert.Equal(BlobPlacementKind.Unknown, (await ledger.ClaimAsync(Repo("mirror/a"), OtherBlob, Ct)).Placement.Kind);
            Assert.Equal(BlobPlacementKind.Unknown, first.Placement.Kind);
            Assert.False(waiting.IsCompleted);
            Assert.False(sameRepository.IsCompleted);

            ledger.Settle(first, present: true);

            Assert.Equal(BlobPlacement.Elsewhere("mirror/a"), (await waiting.WaitAsync(Patience, Ct)).Placement);
            Assert.Equal(BlobPlacement.Present, (await sameRepository.WaitAsync(Patience, Ct)).Placement);
            Assert.Equal(BlobPlacement.Elsewhere("mirror/a"), (await ledger.ClaimAsync(Repo("mirror/c"), Blob, Ct)).Placement);
        });
    }

    [Fact]
    public async Task A_failed_upload_passes_to_the_next_waiting_copy()
    {
        await WithNodeAsync(async node =>
        {
            var ledger = node.Ledger();
            var first = await ledger.ClaimAsync(Repo("mirror/a"), Blob, Ct);
            var waiting = ledger.ClaimAsync(Repo("mirror/b"), Blob, Ct).AsTask();
            await ledger.ClaimAsync(Repo("mirror/a"), OtherBlob, Ct);
            Assert.False(waiting.IsCompleted);

            ledger.Settle(first, present: false);

            var second = await waiting.WaitAsync(Patience, Ct);
            Assert.Equal(BlobPlacementKind.Unknown, second.Placement.Kind);
            ledger.Settle(second, present: true);
            Assert.Equal(BlobPlacement.Elsewhere("mirror/b"), (await ledger.ClaimAsync(Repo("mirror/a"), Blob, Ct)).Placement);
        });
    }

    [Fact]
    public async Task Copies_of_one_repository_waiting_for_an_upload_mount_it_once_and_then_find_it_present()
    {
        await WithNodeAsync(async node =>
        {
            var ledger = node.Ledger();
            var upload = await ledger.ClaimAsync(Repo("mirror/a"), Blob, Ct);
            var waiting = Enumerable.Range(0, 3).Select(_ => ledger.ClaimAsync(Repo("mirror/b"), Blob, Ct).AsTask()).ToList();
            await ledger.ClaimAsync(Repo("mirror/a"), OtherBlob, Ct);

            ledger.Settle(upload, present: true);

            var first = await Task.WhenAny(waiting).WaitAsync(Patience, Ct);
            var mount = await first;
            Assert.Equal(BlobPlacement.Elsewhere("mirror/a"), mount.Placement);
            ledger.Settle(mount, present: true);
            foreach (var other in waiting.Where(w => w != first))
            {
                Assert.Equal(BlobPlacement.Present, (await other.WaitAsync(Patience, Ct)).Placement);
            }
        });
    }

    [Fact]
    public async Task A_copy_waits_for_a_mount_into_its_repository_that_is_under_way_instead_of_mounting_again()
    {
        await WithNodeAsync(async node =>
        {
            var ledger = node.Ledger();
            var mount = await MountIntoBAsync(ledger);
            var waiting = ledger.ClaimAsync(Repo("mirror/b"), Blob, Ct).AsTask();
            var otherRepository = await ledger.ClaimAsync(Repo("mirror/c"), Blob, Ct);

            Assert.Equal(BlobPlacement.Elsewhere("mirror/a"), mount.Placement);
            Assert.Equal(BlobPlacement.Elsewhere("mirror/a"), otherRepository.Placement);
            Assert.False(waiting.IsCompleted);
            ledger.Settle(mount, present: true);
            Assert.Equal(BlobPlacement.Present, (await waiting.WaitAsync(Patience, Ct)).Placement);
        });
    }

    [Fact]
    public async Task A_failed_mount_passes_to_the_next_copy_of_that_repository()
    {
        await WithNodeAsync(async node =>
        {
            var ledger = node.Ledger();
            var mount = await MountIntoBAsync(ledger);
            var next = ledger.ClaimAsync(Repo("mirror/b"), Blob, Ct).AsTask();
            var last = ledger.ClaimAsync(Repo("mirror/b"), Blob, Ct).AsTask();

            ledger.Settle(mount, present: false);

            var taken = await next.WaitAsync(Patience, Ct);
            Assert.Equal(BlobPlacement.Elsewhere("mirror/a"), taken.Placement);
            ledger.Settle(taken, present: true);
            Assert.Equal(BlobPlacement.Present, (await last.WaitAsync(Patience, Ct)).Placement);
        });
    }

    [Fact]
    public async Task A_mount_granted_to_a_copy_that_gave_up_passes_at_once_to_the_next_copy_of_that_repository()
    {
        await WithNodeAsync(async node =>
        {
            var ledger = node.Ledger();
            var upload = await ledger.ClaimAsync(Repo("mirror/a"), Blob, Ct);
            using var givingUp = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var gaveUp = ledger.ClaimAsync(Repo("mirror/b"), Blob, givingUp.Token).AsTask();
            var waiting = ledger.ClaimAsync(Repo("mirror/b"), Blob, Ct).AsTask();
            await ledger.ClaimAsync(Repo("mirror/a"), OtherBlob, Ct);
            await givingUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);

            // The mount goes to the copy that gave up; its node hands it back, and the next copy gets it (no 2 min lease).
            ledger.Settle(upload, present: true);

            Assert.Equal(BlobPlacement.Elsewhere("mirror/a"), (await waiting.WaitAsync(Patience, Ct)).Placement);
        });
    }

    [Fact]
    public async Task A_node_that_goes_away_frees_its_own_uploads_and_no_others()
    {
        await WithNodeAsync(async node =>
        {
            var otherNode = node.System.ActorOf(Props.Create(() => new BlobLedgerClientActor(node.Registry)), "other-node");
            await new ActorBlobLedger(otherNode, Job).ClaimAsync(Repo("mirror/a"), Blob, Ct);
            var ledger = node.Ledger();
            var upload = await ledger.ClaimAsync(Repo("mirror/a"), OtherBlob, Ct);
            var waiting = ledger.ClaimAsync(Repo("mirror/b"), OtherBlob, Ct).AsTask();
            var takesOver = ledger.ClaimAsync(Repo("mirror/b"), Blob, Ct).AsTask();

            node.System.Stop(otherNode);

            Assert.Equal(BlobPlacementKind.Unknown, (await takesOver.WaitAsync(Patience, Ct)).Placement.Kind);
            await ledger.ClaimAsync(Repo("mirror/c"), BlobOf('c'), Ct);
            Assert.False(waiting.IsCompleted);
            ledger.Settle(upload, present: true);
            Assert.Equal(BlobPlacement.Elsewhere("mirror/a"), (await waiting.WaitAsync(Patience, Ct)).Placement);
        });
    }

    [Fact]
    public async Task The_uploads_of_a_node_that_goes_away_pass_to_the_copies_waiting_for_them()
    {
        await WithNodeAsync(async node =>
        {
            var otherNode = node.System.ActorOf(Props.Create(() => new BlobLedgerClientActor(node.Registry)), "other-node");
            var uploading = await new ActorBlobLedger(otherNode, Job).ClaimAsync(Repo("mirror/a"), Blob, Ct);
            Assert.Equal(BlobPlacementKind.Unknown, uploading.Placement.Kind);
            var ledger = node.Ledger();
            var waiting = ledger.ClaimAsync(Repo("mirror/b"), Blob, Ct).AsTask();
            await ledger.ClaimAsync(Repo("mirror/a"), OtherBlob, Ct);
            Assert.False(waiting.IsCompleted);

            node.System.Stop(otherNode);

            var taken = await waiting.WaitAsync(Patience, Ct);
            Assert.Equal(BlobPlacementKind.Unknown, taken.Placement.Kind);
            ledger.Settle(taken, present: true);
            Assert.Equal(BlobPlacement.Present, (await ledger.ClaimAsync(Repo("mirror/b"), Blob, Ct)).Placement);
        });
    }

    [Fact]
    public async Task Placements_survive_a_restart_and_forgotten_blobs_are_checked_again()
    {
        await WithNodeAsync(async node =>
        {
            var ledger = node.Ledger();
            ledger.Settle(await ledger.ClaimAsync(Repo("mirror/a"), Blob, Ct), present: true);
            ledger.Settle(await ledger.ClaimAsync(Repo("mirror/a"), OtherBlob, Ct), present: true);
            await Eventually.TrueAsync(async () => await CountEventsAsync() == 2, Patience, "two placements journaled", Ct);
        });

        await WithNodeAsync(async node =>
        {
            var ledger = node.Ledger();
            Assert.Equal(BlobPlacement.Present, (await ledger.ClaimAsync(Repo("mirror/a"), Blob, Ct)).Placement);
            Assert.Equal(BlobPlacement.Elsewhere("mirror/a"), (await ledger.ClaimAsync(Repo("mirror/b"), OtherBlob, Ct)).Placement);

            ledger.Forget(Repo("mirror/a"), [Blob.Digest]);

            Assert.Equal(BlobPlacementKind.Unknown, (await ledger.ClaimAsync(Repo("mirror/a"), Blob, Ct)).Placement.Kind);
            Assert.Equal(BlobPlacement.Present, (await ledger.ClaimAsync(Repo("mirror/a"), OtherBlob, Ct)).Placement);
        });
    }

    [Fact]
    public async Task Another_job_or_registry_knows_nothing_of_a_placement()
    {
        await WithNodeAsync(async node =>
        {
            var ledger = node.Ledger();
            ledger.Settle(await ledger.ClaimAsync(Repo("mirror/a"), Blob, Ct), present: true);

            var otherJob = await new ActorBlobLedger(node.Client, "job-2").ClaimAsync(Repo("mirror/a"), Blob, Ct);
            var otherRegistry = await ledger.ClaimAsync(new RepositoryRef("other.example", "mirror/a"), Blob, Ct);

            Assert.Equal(BlobPlacementKind.Unknown, otherJob.Placement.Kind);
            Assert.Equal(BlobPlacementKind.Unknown, otherRegistry.Placement.Kind);
        });
    }

    [Fact]
    public void A_jobs_ledger_journal_is_deleted_with_the_job()
    {
        Assert.Contains(BlobLedgerActor.PersistenceIdOf(Job), JobIds.PersistenceIdsOf(Job));
    }

    private static RepositoryRef Repo(string repository) => new("registry.example:5000", repository);

    // The blob placed in mirror/a, and the claim that mounts it into mirror/b (holding that mount until it settles).
    private static async Task<BlobClaim> MountIntoBAsync(IBlobLedger ledger)
    {
        ledger.Settle(await ledger.ClaimAsync(Repo("mirror/a"), Blob, Ct), present: true);
        return await ledger.ClaimAsync(Repo("mirror/b"), Blob, Ct);
    }

    // A blob nobody claimed: its claim is answered at once, after every message the ledger had before it.
    private static Descriptor BlobOf(char hex) => Blob with { Digest = "sha256:" + new string(hex, 64) };

    private async Task<long> CountEventsAsync()
    {
        await using var connection = new SqliteConnection(StateStore.Open(_stateDir));
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM journal WHERE persistence_id = $id";
        command.Parameters.AddWithValue("$id", BlobLedgerActor.PersistenceIdOf(Job));
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private async Task WithNodeAsync(Func<Node, Task> use)
    {
        using var host = EmbeddedNode.Build(StateStore.Open(_stateDir), new JobRuntimes());
        await host.StartAsync(Ct);
        try
        {
            var registry = host.Services.GetRequiredService<ActorRegistry>();
            await use(new Node(host.Services.GetRequiredService<ActorSystem>(), registry, await registry.GetAsync<BlobLedgerClient>(Ct)));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private sealed record Node(ActorSystem System, ActorRegistry Registry, IActorRef Client)
    {
        public IBlobLedger Ledger() => new ActorBlobLedger(Client, Job);
    }
}
