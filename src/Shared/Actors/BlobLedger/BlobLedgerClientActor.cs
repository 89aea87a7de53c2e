using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Routing;

namespace FluxMirror.Actors.BlobLedger;

/// <summary>
/// This node's way to the blob ledgers: sends the copies' claims (as itself, so a ledger can watch one actor per node
/// and free its uploads if the node goes away) and completes each claim's tasks from the answers. An upload or mount
/// granted to a claim its copy gave up on is handed straight back, so nobody waits for a copy that is not coming.
/// </summary>
public sealed class BlobLedgerClientActor : ReceiveActor
{
    private readonly IActorRegistry _registry;
    private readonly Dictionary<long, Pending> _pending = [];
    private IActorRef? _ledgers;

    public BlobLedgerClientActor(IActorRegistry registry)
    {
        _registry = registry;
        Receive<Pending>(Send);
        Receive<Abandon>(abandon => _pending.Remove(abandon.ClaimId));
        Receive<IWithBlobLedger>(message => Ledgers()?.Tell(message));
        Receive<BlobClaimAnswered>(Answered);
    }

    private void Send(Pending pending)
    {
        if (Ledgers() is not { } ledgers)
        {
            pending.Fail(new InvalidOperationException("the blob ledgers are not started on this node"));
            return;
        }

        _pending[pending.Claim.ClaimId] = pending;
        ledgers.Tell(pending.Claim);
    }

    private void Answered(BlobClaimAnswered answer)
    {
        if (!_pending.TryGetValue(answer.ClaimId, out var pending))
        {
            if (answer.Verdict is BlobVerdict.Upload or BlobVerdict.Mount)
            {
                Ledgers()?.Tell(new SettleBlob(answer.JobId, answer.ClaimId, answer.Registry, string.Empty, answer.Digest, Present: false));
            }

            return;
        }

        pending.Acknowledged.TrySetResult();
        if (answer.Verdict != BlobVerdict.Queued)
        {
            _pending.Remove(answer.ClaimId);
            pending.Answer.TrySetResult(answer);
        }
    }

    // Looked up on use: the region (or its proxy, or the local router) may register after this actor starts.
    private IActorRef? Ledgers() => _ledgers ??= _registry.TryGet<BlobLedgerRegion>(out var ledgers) ? ledgers : null;

    /// <summary>A copy's claim and the tasks it awaits: the first answer (<paramref name="Acknowledged"/>) and the final one.</summary>
    public sealed record Pending(ClaimBlob Claim, TaskCompletionSource Acknowledged, TaskCompletionSource<BlobClaimAnswered> Answer)
    {
        public void Fail(Exception error)
        {
            Acknowledged.TrySetException(error);
            Answer.TrySetException(error);
        }
    }

    /// <summary>The copy stopped waiting for this claim.</summary>
    public sealed record Abandon(long ClaimId);
}

public static class BlobLedgerClientRegistration
{
    /// <summary>The node's ledger client; needs a <see cref="BlobLedgerRegion"/> (shards, proxy or local router) registered too.</summary>
    public static AkkaConfigurationBuilder AddBlobLedgerClient(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry) => registry.Register<BlobLedgerClient>(
            system.ActorOf(Props.Create(() => new BlobLedgerClientActor(registry)), "blob-ledger-client")));
}
