using System.Globalization;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.Reporting;
using FluxMirror.Domain.Selection;
using FluxMirror.Domain.Signatures.Cosign;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;

namespace FluxMirror.Domain.Mirroring;

/// <summary>
/// Plans one artifacts entry within the planning deadline: list the source tags, run the selector, one tag copy per
/// selected tag. With verify each selected tag's signature is verified here, in order, and its copy pinned to the
/// signed digest (or its row decided: too new, or failed). With includeReferrers each selected tag's source digest is
/// pinned and its referrers snapshotted once here, so every attempt (on any worker) copies the same set.
/// </summary>
public sealed class ArtifactPlanner(RegistryClient registry, IMirrorLog log)
{
    public static EntryRef Describe(int index, ArtifactEntry entry) =>
        new(index, EntryKind.Artifact, entry.Source, entry.Destination);

    public Task<EntryPlan> PlanAsync(int index, ArtifactEntry entry, JobOptions options, CancellationToken ct) =>
        PlanAsync(index, entry, options, null, ct);

    /// <param name="verifier">The entry's signature verifier when it has <c>verify</c>: each selected tag is verified
    /// before anything is copied, and its copy pinned to the signed digest.</param>
    public async Task<EntryPlan> PlanAsync(int index, ArtifactEntry entry, JobOptions options, ITagSignatureVerifier? verifier, CancellationToken ct)
    {
        var entryRef = Describe(index, entry);
        var source = RepositoryRef.Parse(entry.Source);
        var destination = RepositoryRef.Parse(entry.Destination);
        IReadOnlyList<string> tags;
        using (var deadline = new PlanningDeadline(options.PlanningTimeout, ct))
        {
            try
            {
                tags = await registry.ListTagsAsync(source, deadline.Token);
            }
            catch (Exception ex) when (deadline.RanOut(ex))
            {
                return new EntryPlan(entryRef, [], $"list tags {entry.Source}: {deadline.Message}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return new EntryPlan(entryRef, [], $"list tags {entry.Source}: {ex.Message}");
            }
        }

        SelectionResult selection;
        try
        {
            selection = TagSelector.Select(tags, entry.Selector);
        }
        catch (InvalidSelectorException ex)
        {
            return new EntryPlan(entryRef, [], $"select tags: {ex.Message}");
        }

        foreach (var excluded in selection.Excluded)
        {
            log.Write("tag excluded by selector", ("source", entry.Source), ("tag", excluded.Tag), ("reason", excluded.Reason));
        }

        var overwrite = entry.Overwrite || options.Overwrite;
        var copies = selection.Selected
            .Select((tag, i) => new TagCopySpec(index, i, EntryKind.Artifact, tag, source.ToString(), destination.ToString(), tag, null, overwrite, options.DryRun))
            .ToList();
        if (!entry.IncludeReferrers && verifier is null)
        {
            return new EntryPlan(entryRef, copies, null);
        }

        // Tag by tag, in selection order, as the reference: a failed verification ends the plan there.
        using var tagDeadline = new PlanningDeadline(options.PlanningTimeout, ct);
        var planned = new List<TagCopySpec>(copies.Count);
        foreach (var copy in copies)
        {
            var pinned = copy;
            if (verifier is not null)
            {
                var verified = await VerifyAsync(verifier, source, copy, tagDeadline);
                if (verified.PlanError is not null)
                {
                    return new EntryPlan(entryRef, [], verified.PlanError);
                }

                pinned = verified.Copy;
                if (pinned.Decided is { } decided)
                {
                    planned.Add(pinned);
                    if (decided.Status == TagStatus.Failed)
                    {
                        break;
                    }

                    continue;
                }
            }

            if (entry.IncludeReferrers)
            {
                var (snapshot, error) = await SnapshotReferrersAsync(source, pinned, tagDeadline);
                if (error is not null)
                {
                    return new EntryPlan(entryRef, [], error);
                }

                pinned = snapshot!;
            }

            planned.Add(pinned);
        }

        return new EntryPlan(entryRef, planned, null);
    }

    /// <summary>
    /// The copy pinned to its verified digest with its verification block; or the copy with its row decided here
    /// (skipped as too new, or failed, which ends the plan); or, for a verifier that returned no digest, the entry's
    /// plan error.
    /// </summary>
    private async Task<(TagCopySpec Copy, string? PlanError)> VerifyAsync(ITagSignatureVerifier verifier, RepositoryRef source, TagCopySpec copy, PlanningDeadline deadline)
    {
        try
        {
            var verified = await verifier.VerifyAsync(source, copy.Tag, deadline.Token);
            if (string.IsNullOrEmpty(verified.Digest))
            {
                return (copy, $"verify {copy.SourceRef}: verifier returned no digest");
            }

            return (copy with { SourceDigest = verified.Digest, Verification = verified.Info }, null);
        }
        catch (SignatureTooNewException tooNew)
        {
            log.Write(
                "signature too new; skipping tag",
                ("src", copy.SourceRef),
                ("integrated_time", tooNew.Info.IntegratedTime?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
                ("age", tooNew.Info.Age),
                ("min_age", tooNew.Info.MinAge));
            var row = new TagResult(copy.Tag, TagStatus.Skipped, tooNew.Digest, TagStatusNames.SignatureTooNew, Verification: tooNew.Info);
            return (copy with { SourceDigest = tooNew.Digest, Verification = tooNew.Info, Decided = row }, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || deadline.RanOut(ex))
        {
            var message = deadline.RanOut(ex) ? deadline.Message : ex.Message;
            return (copy with { Decided = new TagResult(copy.Tag, TagStatus.Failed, Error: $"verify {copy.SourceRef}: {message}") }, null);
        }
    }

    /// <summary>The copy with its source digest pinned and its referrers listed, or the entry's plan error.</summary>
    private async Task<(TagCopySpec? Copy, string? Error)> SnapshotReferrersAsync(RepositoryRef source, TagCopySpec copy, PlanningDeadline deadline)
    {
        // A verified tag is already pinned to its signed digest: its referrers are that digest's.
        var digest = copy.SourceDigest;
        try
        {
            digest ??= (await registry.HeadManifestAsync(source, copy.Tag, deadline.Token))?.Digest
                ?? throw new RegistryException("MANIFEST_UNKNOWN: manifest unknown");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || deadline.RanOut(ex))
        {
            return (null, $"resolve digest for referrers ({copy.SourceRef}): {(deadline.RanOut(ex) ? deadline.Message : ex.Message)}");
        }

        try
        {
            var referrers = (await registry.ListReferrersAsync(source, digest, deadline.Token)).Select(r => new ReferrerRef(r.Digest, r.ArtifactType)).ToList();
            if (await LegacySignatureAsync(source, digest, deadline.Token) is { } signature && referrers.TrueForAll(r => r.Digest != signature.Digest))
            {
                referrers.Add(signature);
            }

            return (copy with { SourceDigest = digest, Referrers = referrers }, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || deadline.RanOut(ex))
        {
            return (null, $"snapshot referrers for {copy.SourceRef}: {(deadline.RanOut(ex) ? deadline.Message : ex.Message)}");
        }
    }

    /// <summary>
    /// A cosign tag-based signature of <paramref name="digest"/> (<c>sha256-&lt;hex&gt;.sig</c>): not a referrer to the
    /// registry (no subject), so it is looked up by its tag and kept under the same tag at the destination.
    /// </summary>
    private async Task<ReferrerRef?> LegacySignatureAsync(RepositoryRef source, string digest, CancellationToken ct)
    {
        var tag = LegacySignatureTag.For(digest);
        if (await registry.HeadManifestAsync(source, tag, ct) is not { } found)
        {
            return null;
        }

        // Cosign writes no artifactType on these manifests; a config media type would say nothing about them.
        var manifest = await registry.GetManifestAsync(source, found.Digest, ct);
        return new ReferrerRef(found.Digest, manifest.Parse().ArtifactType, tag);
    }
}
