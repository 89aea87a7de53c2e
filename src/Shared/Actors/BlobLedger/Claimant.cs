using Akka.Actor;

namespace FluxMirror.Actors.BlobLedger;

/// <summary>One copy's claim, as the ledger knows it: the asking node's client and its claim id, and the repository the blob goes to.</summary>
internal sealed record Claimant(IActorRef Client, long ClaimId, string Repository, long Size)
{
    public bool Is(IActorRef client, long claimId) => ClaimId == claimId && Client.Equals(client);
}
