using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Mirroring.Blobs;

/// <summary>The ledger's answer for one blob: where it is known to be, and the handle to settle it with.</summary>
/// <param name="Ticket">The ledger's own handle of this claim (0 when it keeps none).</param>
public sealed record BlobClaim(RepositoryRef Destination, string Digest, BlobPlacement Placement, long Ticket = 0);
