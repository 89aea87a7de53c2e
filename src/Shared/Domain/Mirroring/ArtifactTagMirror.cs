using FluxMirror.Domain.Reporting;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;

namespace FluxMirror.Domain.Mirroring;

/// <summary>
/// One attempt of one artifact tag job: HEAD both sides, decide, copy when needed. The copy is pinned to
/// the source digest that was compared, so what lands is exactly what was judged missing or drifted.
/// </summary>
public sealed class ArtifactTagMirror(RegistryClient registry, ArtifactCopier copier, IMirrorLog log, int blobConcurrency)
{
    public async Task<TagAttemptResult> RunAttemptAsync(TagJob job, CancellationToken ct)
    {
        var source = RepositoryRef.Parse(job.SourceRepository);
        var destination = RepositoryRef.Parse(job.DestinationRepository);
        log.Write("mirroring tag", ("src", job.SourceRef), ("dst", job.DestinationRef));

        var sourceDigest = job.SourceDigest ?? await ResolveDigestAsync(source, job.Tag, job.SourceRef, ct)
            ?? throw new MirrorException($"digest {job.SourceRef}: MANIFEST_UNKNOWN: manifest unknown");
        var destinationDigest = await ResolveDigestAsync(destination, job.DestinationTag, job.DestinationRef, ct);

        var state = MirrorDecision.Compare(sourceDigest, destinationDigest);
        var (status, mustCopy) = MirrorDecision.Decide(state, job.Overwrite, job.DryRun);
        if (status == TagStatus.Drifted)
        {
            log.Write("destination tag drifted from source; skipping (overwrite=false)", ("src", job.SourceRef), ("src_digest", sourceDigest), ("dst", job.DestinationRef), ("dst_digest", destinationDigest));
        }

        long bytes = 0;
        if (mustCopy)
        {
            try
            {
                var outcome = await copier.CopyAsync(source, sourceDigest, destination, job.DestinationTag, blobConcurrency, ct);
                bytes = outcome.BytesUploaded;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new MirrorException($"copy {job.SourceRef} -> {job.DestinationRef}: {ex.Message}", ex);
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
