using FluxMirror.Domain.Mirroring.Blobs;
using FluxMirror.Domain.Reporting;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;

namespace FluxMirror.Domain.Mirroring;

/// <summary>
/// One attempt of one artifact tag copy: HEAD both sides, decide, copy when needed. The copy is pinned to
/// the source digest that was compared, so what lands is exactly what was judged missing or drifted. A tag the
/// destination lacks is copied whatever the source holds, so its source is not HEADed first: its manifest is fetched
/// once and the row's digest is that manifest's (one request fewer per tag a new mirror copies).
/// </summary>
public sealed class ArtifactTagMirror(RegistryClient registry, ArtifactCopier copier, IMirrorLog log, int blobParallelism)
{
    public Task<TagAttemptResult> RunAttemptAsync(TagCopySpec copy, CancellationToken ct) => RunAttemptAsync(copy, NoBlobLedger.Instance, ct);

    /// <param name="ledger">The job's blob ledger: where blobs already are on the destination registry.</param>
    public async Task<TagAttemptResult> RunAttemptAsync(TagCopySpec copy, IBlobLedger ledger, CancellationToken ct)
    {
        var source = RepositoryRef.Parse(copy.SourceRepository);
        var destination = RepositoryRef.Parse(copy.DestinationRepository);
        log.Write("mirroring tag", ("src", copy.SourceRef), ("dst", copy.DestinationRef));

        var (sourceDigest, status, mustCopy) = await JudgeAsync(copy, source, destination, ct);
        long bytes = 0;
        if (mustCopy)
        {
            // Unresolved only when the destination lacks the tag: fetched here, failing as its HEAD would have.
            var root = sourceDigest is null ? await FetchUnresolvedAsync(source, copy, ct) : null;
            sourceDigest ??= root!.Digest;
            try
            {
                var outcome = await copier.CopyAsync(source, root is null ? sourceDigest : copy.Tag, root, destination, copy.DestinationTag, blobParallelism, ledger, ct);
                bytes = outcome.BytesUploaded;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new MirrorException($"copy {copy.SourceRef} -> {copy.DestinationRef}: {ex.Message}", ex);
            }
        }

        var result = Result(status, sourceDigest!, bytes); // resolved by the judge or, for a copy, by its fetch
        return copy.Referrers is null ? result : await MirrorReferrersAsync(copy, source, destination, result, ledger, ct);
    }

    /// <summary>
    /// The tag's row when it needs no copy (up to date, drifted, or a dry run's forecast), judged now by the same HEADs
    /// and decision table as an attempt; null when it must be copied. Tags with referrers are never judged early: their
    /// referrers are compared one by one after the tag. A failed HEAD throws, as in an attempt.
    /// </summary>
    public async Task<TagResult?> JudgeWithoutCopyAsync(TagCopySpec copy, CancellationToken ct)
    {
        if (!CanJudgeEarly(copy))
        {
            return null;
        }

        var (sourceDigest, status, mustCopy) = await JudgeAsync(copy, RepositoryRef.Parse(copy.SourceRepository), RepositoryRef.Parse(copy.DestinationRepository), ct);
        // A tag that needs no copy always has its source digest resolved.
        return mustCopy ? null : Result(status, sourceDigest!, 0).ToRow(copy.Tag) with { Verification = copy.Verification };
    }

    /// <summary>An artifact tag without referrers whose row is not decided yet.</summary>
    public static bool CanJudgeEarly(TagCopySpec copy) =>
        copy.Kind == EntryKind.Artifact && copy.Referrers is null && copy.Decided is null;

    private static TagAttemptResult Result(TagStatus status, string sourceDigest, long bytes) =>
        new(status, sourceDigest, status == TagStatus.Skipped ? TagStatusNames.UpToDate : null, bytes);

    /// <summary>
    /// Both digests (the source's pinned one if the plan has it) and what the decision table makes of them. The
    /// destination is asked first: when it lacks the tag and the plan pinned nothing, the tag is copied whatever the
    /// source's digest, so the source is left unresolved (null) for the copy to fetch, except in a dry run, whose
    /// row forecasts that digest. When the destination's HEAD fails, the source's is still made: the reference asks
    /// the source first, so its failure is the one reported.
    /// </summary>
    private async Task<(string? SourceDigest, TagStatus Status, bool MustCopy)> JudgeAsync(TagCopySpec copy, RepositoryRef source, RepositoryRef destination, CancellationToken ct)
    {
        string? destinationDigest;
        try
        {
            destinationDigest = await ResolveDigestAsync(destination, copy.DestinationTag, copy.DestinationRef, ct);
        }
        catch (MirrorException) when (copy.SourceDigest is null)
        {
            await ResolveSourceDigestAsync(source, copy, ct);
            throw;
        }

        if (destinationDigest is null && copy.SourceDigest is null && !copy.DryRun)
        {
            return (null, TagStatus.Copied, true);
        }

        var sourceDigest = copy.SourceDigest ?? await ResolveSourceDigestAsync(source, copy, ct);

        var (status, mustCopy) = MirrorDecision.Decide(MirrorDecision.Compare(sourceDigest, destinationDigest), copy.Overwrite, copy.DryRun);
        if (status == TagStatus.Drifted)
        {
            log.Write("destination tag drifted from source; skipping (overwrite=false)", ("src", copy.SourceRef), ("src_digest", sourceDigest), ("dst", copy.DestinationRef), ("dst_digest", destinationDigest));
        }

        return (sourceDigest, status, mustCopy);
    }

    /// <summary>
    /// The snapshotted referrers, after their tag and in snapshot order, each by digest (or under its own tag: a cosign
    /// <c>.sig</c>, which can drift when re-signed) through the same decision table. The first failure fails the parent tag; the rows so far (and a failed one) travel with the error.
    /// </summary>
    private async Task<TagAttemptResult> MirrorReferrersAsync(TagCopySpec copy, RepositoryRef source, RepositoryRef destination, TagAttemptResult tag, IBlobLedger ledger, CancellationToken ct)
    {
        var rows = new List<ReferrerResult>(copy.Referrers!.Count);
        var bytes = tag.BytesUploaded;
        foreach (var referrer in copy.Referrers!)
        {
            var sourceRef = source.WithReference(referrer.Digest);
            var destinationRef = destination.WithReference(referrer.Reference);
            string? destinationDigest;
            try
            {
                destinationDigest = (await registry.HeadManifestAsync(destination, referrer.Reference, ct))?.Digest;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw ReferrerFailure(tag, rows, referrer, $"compare referrer {referrer.Digest}: {ex.Message}", ex);
            }

            var (status, mustCopy) = MirrorDecision.Decide(MirrorDecision.Compare(referrer.Digest, destinationDigest), copy.Overwrite, copy.DryRun);
            if (status == TagStatus.Drifted)
            {
                log.Write("destination referrer drifted; skipping (overwrite=false)", ("src", sourceRef), ("dst", destinationRef));
            }

            if (mustCopy)
            {
                try
                {
                    // Referrers are copied one at a time (jobs=1), as the reference does.
                    bytes += (await copier.CopyAsync(source, referrer.Digest, null, destination, referrer.Reference, 1, ledger, ct)).BytesUploaded;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw ReferrerFailure(tag, rows, referrer, $"copy referrer {sourceRef} -> {destinationRef}: {ex.Message}", ex);
                }
            }

            rows.Add(new ReferrerResult(referrer.Digest, referrer.ArtifactType, status, status == TagStatus.Skipped ? TagStatusNames.UpToDate : null));
        }

        return tag with { BytesUploaded = bytes, Referrers = rows };
    }

    private static MirrorException ReferrerFailure(TagAttemptResult tag, List<ReferrerResult> rows, ReferrerRef referrer, string error, Exception inner)
    {
        var partial = tag with { Status = TagStatus.Failed, Reason = null, Referrers = [.. rows, new ReferrerResult(referrer.Digest, referrer.ArtifactType, TagStatus.Failed)] };
        return new MirrorException(error, inner, partial);
    }

    private async Task<string> ResolveSourceDigestAsync(RepositoryRef source, TagCopySpec copy, CancellationToken ct) =>
        await ResolveDigestAsync(source, copy.Tag, copy.SourceRef, ct) ?? throw SourceTagMissing(copy);

    /// <summary>The source manifest of a tag the destination lacks, by tag; its errors read as its digest's would.</summary>
    private async Task<ManifestBlob> FetchUnresolvedAsync(RepositoryRef source, TagCopySpec copy, CancellationToken ct)
    {
        try
        {
            return await registry.GetManifestAsync(source, copy.Tag, ct);
        }
        catch (RegistryException ex) when (ex.IsNotFound)
        {
            throw SourceTagMissing(copy);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new MirrorException($"digest {copy.SourceRef}: {ex.Message}", ex);
        }
    }

    private static MirrorException SourceTagMissing(TagCopySpec copy) =>
        new($"digest {copy.SourceRef}: MANIFEST_UNKNOWN: manifest unknown");

    private async Task<string?> ResolveDigestAsync(RepositoryRef repository, string reference, string display, CancellationToken ct)
    {
        try
        {
            var descriptor = await registry.HeadManifestAsync(repository, reference, ct);
            return descriptor?.Digest;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new MirrorException($"digest {display}: {ex.Message}", ex);
        }
    }
}
