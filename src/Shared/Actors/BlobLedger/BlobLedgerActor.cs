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
/// destination registry, or hands out the right to upload it — one holder per blob and registry at a time, the
/// others queued until the holder settles (then they mount it), fails or goes away (then the next one uploads).
/// Placements are journaled (async: copies never wait for the database), so a resumed job moves no blob twice.
/// </summary>
public sealed class BlobLedgerActor : ReceivePersistentActor, IWithTimers
{
    private static readonly TimeSpan LeaseCheckEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(5);
    private readonly string _jobId;
    private readonly BlobUploads _uploads = new();
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
        Command<Terminated>(gone => Lapse(_uploads.Lapsed(DateTimeOffset.MaxValue, gone.ActorRef), gone.ActorRef));
        Command<CheckLeases>(_ => Lapse(_uploads.Lapsed(DateTimeOffset.UtcNow), null));
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

    private void Claim(ClaimBlob claim)
    {
        var repositories = _state.RepositoriesOf(claim.Registry, claim.Digest);
        if (repositories.Contains(claim.Repository))
        {
            Answer(Sender, claim.ClaimId, claim.Registry, claim.Digest, BlobVerdict.Present);
        }
        else if (!repositories.IsEmpty)
        {
            Answer(Sender, claim.ClaimId, claim.Registry, claim.Digest, BlobVerdict.Mount, repositories.First());
        }
        else
        {
            Context.Watch(Sender);
            var claimant = new Claimant(Sender, claim.ClaimId, claim.Repository, claim.Size);
            var key = new BlobKey(claim.Registry, claim.Digest);
            if (_uploads.TryGet(key, out var upload))
            {
                upload.Enqueue(claimant);
                Answer(Sender, claim.ClaimId, claim.Registry, claim.Digest, BlobVerdict.Queued);
            }
            else
            {
                _uploads.Start(key, claimant, ExpiresFor(claim.Size));
                Answer(Sender, claim.ClaimId, claim.Registry, claim.Digest, BlobVerdict.Upload);
            }
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

        var key = new BlobKey(settled.Registry, settled.Digest);
        if (_uploads.End(key, Sender, settled.ClaimId) is not { } upload)
        {
            return;
        }

        if (!settled.Present)
        {
            Promote(key, upload);
            return;
        }

        foreach (var waiter in upload.Waiters)
        {
            var here = waiter.Repository == settled.Repository;
            Answer(waiter.Client, waiter.ClaimId, settled.Registry, settled.Digest, here ? BlobVerdict.Present : BlobVerdict.Mount, here ? null : settled.Repository);
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

    /// <summary>Uploads whose holder went silent or away: the next waiter takes over.</summary>
    private void Lapse(IReadOnlyList<(BlobKey Key, Upload Upload)> lapsed, IActorRef? gone)
    {
        if (gone is not null)
        {
            _uploads.DropWaiters(gone);
        }

        foreach (var (key, upload) in lapsed)
        {
            Promote(key, upload);
        }
    }

    private void Promote(BlobKey key, Upload upload)
    {
        if (upload.TryPromote(ExpiresFor, out var next))
        {
            _uploads.Put(key, upload);
            Answer(next.Client, next.ClaimId, key.Registry, key.Digest, BlobVerdict.Upload);
        }
        else
        {
            _uploads.Remove(key);
        }
    }

    private void Answer(IActorRef to, long claimId, string registry, string digest, BlobVerdict verdict, string? repository = null) =>
        to.Tell(new BlobClaimAnswered(_jobId, claimId, registry, digest, verdict, repository));

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
        if (_uploads.IsEmpty)
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
