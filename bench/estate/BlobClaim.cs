namespace FluxMirror.Bench.Estate;

/// <summary>The ledger's answer: <see cref="From"/> is set for a mount, <see cref="Pending"/> for a wait.</summary>
internal sealed record BlobClaim(BlobClaimKind Kind, string? From = null, Task? Pending = null);
