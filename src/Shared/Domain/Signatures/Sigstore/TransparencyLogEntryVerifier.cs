using System.Diagnostics.CodeAnalysis;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// Verifies one Rekor v1 transparency-log entry of a bundle against the trusted root, as sigstore-go's
/// <c>verify.VerifyTlogEntry</c> does for each entry (offline): the log is found by the entry's log id; an entry needs
/// an inclusion promise (SET) and/or an inclusion proof; a SET is checked first, then the inclusion proof (RFC 6962
/// leaf hash of the canonicalized body up to the proof's root) and the checkpoint the log signed for that root.
/// The integrated time counts only when a SET vouches for it: an inclusion proof alone does not sign the time.
/// </summary>
/// <remarks>
/// sigstore-go treats two failures as "skip this entry" rather than errors — a log the trusted root does not know,
/// and a SET that does not verify — and only reports them through its log-entry threshold
/// (<c>not enough verified log entries from transparency log: 0 &lt; 1</c>). <see cref="TryVerify"/> keeps that
/// distinction for a caller counting entries; <see cref="Verify"/> throws for both kinds.
/// </remarks>
public static class TransparencyLogEntryVerifier
{
    /// <summary>Verifies the entry; returns the verified integrated time, or null when no SET vouches for one (or it is 0).</summary>
    /// <exception cref="SignatureVerificationException">Any failure, skipped ones included (with sigstore-go's texts).</exception>
    public static DateTimeOffset? Verify(TlogEntry entry, TrustedRoot root) =>
        TryVerify(entry, root, out var integratedTime, out var skipped)
            ? integratedTime
            : throw new SignatureVerificationException(skipped);

    /// <summary>
    /// Verifies the entry. Returns false with the reason when sigstore-go would skip the entry (unknown log, SET that
    /// does not verify); throws when it would fail verification outright.
    /// </summary>
    /// <exception cref="SignatureVerificationException">Neither SET nor proof, a bad inclusion proof or checkpoint.</exception>
    public static bool TryVerify(TlogEntry entry, TrustedRoot root, out DateTimeOffset? integratedTime, [NotNullWhen(false)] out string? skipped)
    {
        integratedTime = null;
        skipped = null;

        var log = root.TransparencyLogs.FirstOrDefault(candidate => candidate.LogId.AsSpan().SequenceEqual(entry.LogId));
        if (log is null)
        {
            // sigstore-go's VerifySET text for a log id the trusted root has no key for.
            skipped = "rekor log public key not found for payload";
            return false;
        }
        if (entry.SignedEntryTimestamp is null && entry.InclusionProof is null)
        {
            throw new SignatureVerificationException("entry must contain an inclusion proof and/or promise");
        }

        var promised = false;
        if (entry.SignedEntryTimestamp is not null)
        {
            try
            {
                SignedEntryTimestamp.Verify(entry, log);
                promised = true;
            }
            catch (SignatureVerificationException e)
            {
                skipped = e.Message;
                return false;
            }
        }
        if (entry.InclusionProof is { } proof)
        {
            VerifyInclusion(entry.CanonicalizedBody, proof, log);
        }

        integratedTime = promised && entry.IntegratedTime != 0 ? SignedEntryTimestamp.UnixTime(entry.IntegratedTime) : null;
        return true;
    }

    /// <summary>
    /// The inclusion proof and its checkpoint, as rekor's <c>verify.VerifyInclusion</c> then
    /// <c>VerifyCheckpointSignature</c>: the proof must lead from the body's leaf hash to the proof's root, the
    /// checkpoint must be signed by the log, and commit to the same root (and tree size).
    /// </summary>
    /// <exception cref="SignatureVerificationException">With rekor's and transparency-dev/merkle's texts.</exception>
    public static void VerifyInclusion(byte[] canonicalizedBody, InclusionProof proof, TransparencyLogKey log)
    {
        Rfc6962Merkle.VerifyInclusion(proof.LogIndex, proof.TreeSize, Rfc6962Merkle.HashLeaf(canonicalizedBody), proof.Hashes, proof.RootHash);

        SignedCheckpoint checkpoint;
        try
        {
            checkpoint = SignedCheckpoint.Parse(proof.Checkpoint);
        }
        catch (FormatException e)
        {
            throw new SignatureVerificationException($"unmarshalling log entry checkpoint to SignedCheckpoint: {e.Message}", e);
        }
        if (!checkpoint.IsSignedBy(log))
        {
            throw new SignatureVerificationException("signature on checkpoint did not verify");
        }
        if (!checkpoint.RootHash.AsSpan().SequenceEqual(proof.RootHash))
        {
            throw new SignatureVerificationException(
                $"proof root hash does not match signed tree head, expected {Convert.ToHexStringLower(proof.RootHash)} got {Convert.ToHexStringLower(checkpoint.RootHash)}");
        }
        // rekor stops at the root hash (a root commits to its size); a size that disagrees is refused all the same.
        if (checkpoint.Size != unchecked((ulong)proof.TreeSize))
        {
            throw new SignatureVerificationException(
                $"proof tree size does not match signed tree head, expected {proof.TreeSize} got {checkpoint.Size}");
        }
    }
}
