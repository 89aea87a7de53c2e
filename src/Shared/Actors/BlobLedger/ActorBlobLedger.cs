using Akka.Actor;
using FluxMirror.Domain.Mirroring.Blobs;
using FluxMirror.Protocol.Limits;
using FluxMirror.Protocol.Messages;
using FluxMirror.Registry.Model;

namespace FluxMirror.Actors.BlobLedger;

/// <summary>
/// A job's blob ledger as its copies on this node see it: claims go through the node's <see cref="BlobLedgerClientActor"/>
/// (tells only, no Ask). Every wait is bounded: no first answer within <see cref="AnswerTimeout"/>, or no final one
/// within the blob's lease, and the copy goes on as if the ledger knew nothing.
/// </summary>
public sealed class ActorBlobLedger(IActorRef client, string jobId) : IBlobLedger
{
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);
    private static long _lastClaimId;

    public async ValueTask<BlobClaim> ClaimAsync(RepositoryRef destination, Descriptor blob, CancellationToken ct)
    {
        var claimId = Interlocked.Increment(ref _lastClaimId);
        var unknown = new BlobClaim(destination, blob.Digest, BlobPlacement.Unknown, claimId);
        var pending = new BlobLedgerClientActor.Pending(
            new ClaimBlob(jobId, claimId, destination.Registry, destination.Repository, blob.Digest, blob.Size),
            new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously),
            new TaskCompletionSource<BlobClaimAnswered>(TaskCreationOptions.RunContinuationsAsynchronously));
        client.Tell(pending);
        try
        {
            await pending.Acknowledged.Task.WaitAsync(AnswerTimeout, ct).ConfigureAwait(false);
            var answer = await pending.Answer.Task.WaitAsync(BlobLease.For(blob.Size) + AnswerTimeout, ct).ConfigureAwait(false);
            return unknown with { Placement = PlacementOf(answer) };
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            client.Tell(new BlobLedgerClientActor.Abandon(claimId));
            return unknown;
        }
        catch (OperationCanceledException)
        {
            client.Tell(new BlobLedgerClientActor.Abandon(claimId));
            throw;
        }
    }

    public void Settle(BlobClaim claim, bool present) =>
        client.Tell(new SettleBlob(jobId, claim.Ticket, claim.Destination.Registry, claim.Destination.Repository, claim.Digest, present));

    public void Forget(RepositoryRef destination, IReadOnlyCollection<string> digests) =>
        client.Tell(new ForgetBlobs(jobId, destination.Registry, [.. digests]));

    private static BlobPlacement PlacementOf(BlobClaimAnswered answer) => answer.Verdict switch
    {
        BlobVerdict.Present => BlobPlacement.Present,
        BlobVerdict.Mount when answer.Repository is { } repository => BlobPlacement.Elsewhere(repository),
        _ => BlobPlacement.Unknown,
    };
}
