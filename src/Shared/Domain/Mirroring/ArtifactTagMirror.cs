using FluxMirror.Domain.Reporting;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;

namespace FluxMirror.Domain.Mirroring;

/// <summary>
/// One attempt of one artifact tag copy: HEAD both sides, decide, copy when needed. The copy is pinned to
/// the source digest that was compared, so what lands is exactly what was judged missing or drifted.
/// </summary>
public sealed class ArtifactTagMirror(RegistryClient registry, ArtifactCopier copier, IMirrorLog log, int blobParallelism)
{
    public async Task<TagAttemptResult> RunAttemptAsync(TagCopySpec copy, CancellationToken ct)
    {
        var source = RepositoryRef.Parse(copy.SourceRepository);
        var destination = RepositoryRef.Parse(copy.DestinationRepository);
        log.Write("mirroring tag", ("src", copy.SourceRef), ("dst", copy.DestinationRef));

        var sourceDigest = copy.SourceDigest ?? await ResolveDigestAsync(source, copy.Tag, copy.SourceRef, ct)
            ?? throw new MirrorException($"digest {copy.SourceRef}: MANIFEST_UNKNOWN: manifest unknown");
        var destinationDigest = await ResolveDigestAsync(destination, copy.DestinationTag, copy.DestinationRef, ct);

        var state = MirrorDecision.Compare(sourceDigest, destinationDigest);
        var (status, mustCopy) = MirrorDecision.Decide(state, copy.Overwrite, copy.DryRun);
        if (status == TagStatus.Drifted)
        {
            log.Write("destination tag drifted from source; skipping (overwrite=false)", ("src", copy.SourceRef), ("src_digest", sourceDigest), ("dst", copy.DestinationRef), ("dst_digest", destinationDigest));
        }

        long bytes = 0;
        if (mustCopy)
        {
            try
            {
                var outcome = await copier.CopyAsync(source, sourceDigest, destination, copy.DestinationTag, blobParallelism, ct);
                bytes = outcome.BytesUploaded;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new MirrorException($"copy {copy.SourceRef} -> {copy.DestinationRef}: {ex.Message}", ex);
            }
        }

        return new TagAttemptResult(status, sourceDigest, status == TagStatus.Skipped ? TagStatusNames.UpToDate : null, bytes);
    }

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
