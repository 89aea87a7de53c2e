using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence;
using FluxMirror.Actors.Sharding;
using FluxMirror.Protocol.Limits;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Routing;

namespace FluxMirror.Actors.BlobLedger;

/// <summary>
/// One job's blob ledger (see <c>IBlobLedger</c>): answers each claim with where the blob already is on its
/// destination registry, or hands out the right to place it — to upload it (one holder per blob and registry at a
/// time) or to mount it into one repository (one holder per blob and repository). The others wait until the holder
/// settles, fails or goes away, and are then answered as if they claimed anew: copies of the uploaded or mounted
/// repository find it present, each other repository gets one mount, a failed upload passes to the next in line.
/// Placements are journaled (async: copies never wait for the database), so a resumed job moves no blob twice.
/// </summary>
public sealed class BlobLedgerActor : ReceivePersistentActor, IWithTimers
{
    private static readonly TimeSpan LeaseCheckEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(5);
    private readonly string _jobId;
    private readonly PlacementLeases<BlobKey> _uploads = new();
    private readonly PlacementLeases<MountKey> _mounts = new();
    private BlobLedgerState _state = BlobLedgerState.Empty;

    public BlobLedgerActor(string jobId)
    {
        _jobId = jobId;
        Recover<SnapshotOffer>(offer => _state = _state.Apply(offer.Snapshot));
        Recover<BlobPlaced>(evt => _state = _state.Apply(evt));
        Recover<BlobsForgotten>(evt => _state = _state.Apply(evt));
        Command<ClaimBlob>(Claim);
        Command<SettleBlob>(Settle);
        Command<ForgetBlobs>(Forget);
        Command<Terminated>(gone => Lapse(DateTimeOffset.MinValue, gone.ActorRef));
        Command<CheckLeases>(_ => Lapse(DateTimeOffset.UtcNow, null));
        Command<ReceiveTimeout>(_ => PassivateWhenIdle());
        Command<SaveSnapshotSuccess>(ok => DeleteSnapshots(new SnapshotSelectionCriteria(ok.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failed => Context.GetLogger().Warning(failed.Cause, "blob ledger of job {JobId}: snapshot failed", _jobId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => PersistenceIdOf(_jobId);

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The journal of a job's ledger, deleted with the job's own.</summary>
    public static string PersistenceIdOf(string jobId) => "blob-ledger-" + jobId;

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("leases", CheckLeases.Instance, LeaseCheckEvery);
        SetReceiveTimeout(IdleAfter);
    }

    private void Claim(ClaimBlob claim) =>
        Place(new BlobKey(claim.Registry, claim.Digest), new Claimant(Sender, claim.ClaimId, claim.Repository, claim.Size), tellQueued: true);

    /// <summary>
    /// Answers <paramref name="claimant"/>: present in its repository; else mount it from a repository that holds it,
    /// one mount per repository at a time (copies of the same repository wait, then find it present); else upload it,
    /// one upload per registry at a time (the others wait, then mount or find it present).
    /// </summary>
    private void Place(BlobKey key, Claimant claimant, bool tellQueued)
    {
        var repositories = _state.RepositoriesOf(key.Registry, key.Digest);
        if (repositories.Contains(claimant.Repository))
        {
            Answer(claimant, key, BlobVerdict.Present);
            return;
        }

        Context.Watch(claimant.Client);
        var mount = new MountKey(key, claimant.Repository);
        if (repositories.IsEmpty ? _uploads.TryGet(key, out var lease) : _mounts.TryGet(mount, out lease))
        {
            lease.Enqueue(claimant);
            if (tellQueued)
            {
                Answer(claimant, key, BlobVerdict.Queued);
            }
        }
        else if (repositories.IsEmpty)
        {
            _uploads.Start(key, claimant, ExpiresFor(claimant.Size));
            Answer(claimant, key, BlobVerdict.Upload);
        }
        else
        {
            _mounts.Start(mount, claimant, ExpiresFor(claimant.Size));
            Answer(claimant, key, BlobVerdict.Mount, repositories.First());
        }
    }

    private void Settle(SettleBlob settled)
    {
        if (settled.Present && !_state.RepositoriesOf(settled.Registry, settled.Digest).Contains(settled.Repository))
        {
            var placed = new BlobPlaced(settled.Registry, settled.Repository, settled.Digest);
            _state = _state.Apply(placed);
            PersistAsync(placed, _ => SnapshotWhenDue());
        }

        // A copy that gave up on a granted mount hands it back without its repository: found by its holder.
        var key = new BlobKey(settled.Registry, settled.Digest);
        var ended = _uploads.End(key, Sender, settled.ClaimId)
            ?? (settled.Repository.Length > 0
                ? _mounts.End(new MountKey(key, settled.Repository), Sender, settled.ClaimId)
                : _mounts.EndHeldBy(k => k.Blob == key, Sender, settled.ClaimId));
        if (ended is not null)
        {
            PlaceWaitersOf(key, ended);
        }
    }

    /// <summary>A placement ended (settled, failed or lapsed): its waiters are answered as if they claimed now.</summary>
    private void PlaceWaitersOf(BlobKey key, PlacementLease ended)
    {
        foreach (var waiter in ended.Waiters)
        {
            Place(key, waiter, tellQueued: false);
        }
    }

    private void Forget(ForgetBlobs forget)
    {
        var known = forget.Digests.Where(d => !_state.RepositoriesOf(forget.Registry, d).IsEmpty).ToList();
        if (known.Count == 0)
        {
            return;
        }

        var forgotten = new BlobsForgotten(forget.Registry, known);
        _state = _state.Apply(forgotten);
        PersistAsync(forgotten, _ => SnapshotWhenDue());
    }

    /// <summary>Placements whose holder went silent or away: their waiters claim again.</summary>
    private void Lapse(DateTimeOffset now, IActorRef? gone)
    {
        if (gone is not null)
        {
            _uploads.DropWaiters(gone);
            _mounts.DropWaiters(gone);
        }

        foreach (var (key, lease) in _uploads.EndLapsed(now, gone))
        {
            PlaceWaitersOf(key, lease);
        }

        foreach (var (mount, lease) in _mounts.EndLapsed(now, gone))
        {
            PlaceWaitersOf(mount.Blob, lease);
        }
    }

    private void Answer(Claimant claimant, BlobKey key, BlobVerdict verdict, string? mountFrom = null) =>
        claimant.Client.Tell(new BlobClaimAnswered(_jobId, claimant.ClaimId, key.Registry, key.Digest, verdict, mountFrom));

    private void SnapshotWhenDue()
    {
        if (_state.SnapshotDue)
        {
            SaveSnapshot(_state.ToSnapshot());
            _state = _state with { EventsSinceSnapshot = 0 };
        }
    }

    private void PassivateWhenIdle()
    {
        if (_uploads.IsEmpty && _mounts.IsEmpty)
        {
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        }
    }

    private static DateTimeOffset ExpiresFor(long size) => DateTimeOffset.UtcNow + BlobLease.For(size);

    private sealed class CheckLeases
    {
        public static readonly CheckLeases Instance = new();
    }
}

public static class BlobLedgerRegistration
{
    /// <summary>The ledgers of the cluster's jobs, on the coordinator role (job state, like the jobs themselves).</summary>
    public static AkkaConfigurationBuilder AddBlobLedgerShards(this AkkaConfigurationBuilder builder) =>
        builder.WithShardRegion<BlobLedgerRegion>(
            ClusterNames.BlobLedgerRegion,
            jobId => Props.Create(() => new BlobLedgerActor(jobId)),
            new BlobLedgerMessageExtractor(),
            new ShardOptions { Role = ClusterNames.CoordinatorRole, StateStoreMode = StateStoreMode.DData });

    /// <summary>The way to the ledgers from a node without the coordinator role.</summary>
    public static AkkaConfigurationBuilder AddBlobLedgerProxy(this AkkaConfigurationBuilder builder) =>
        builder.WithShardRegionProxy<BlobLedgerRegion>(ClusterNames.BlobLedgerRegion, ClusterNames.CoordinatorRole, new BlobLedgerMessageExtractor());

    /// <summary>The embedded node's ledgers: one local child per job, same messages as the shard region.</summary>
    public static AkkaConfigurationBuilder AddLocalBlobLedgers(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry) => registry.Register<BlobLedgerRegion>(
            system.ActorOf(Props.Create(() => new LocalEntityRouter(new BlobLedgerMessageExtractor(), jobId => Props.Create(() => new BlobLedgerActor(jobId)))), "blob-ledgers")));
}
