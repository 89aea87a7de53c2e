using FluxMirror.Domain.Reporting;
using FluxMirror.Domain.Signatures.Sigstore;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>A tag whose signature verified: the signed digest (the copy is pinned to it) and the report block.</summary>
public sealed record CosignVerification(string Digest, VerifiedSignature Signature, VerificationInfo Info);
