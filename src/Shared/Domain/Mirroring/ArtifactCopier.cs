using FluxMirror.Domain.Mirroring.Blobs;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;

namespace FluxMirror.Domain.Mirroring;

/// <summary>
/// Copies one artifact (image, index / manifest list, or any OCI artifact) between repositories, byte for byte so
/// every digest is preserved: blobs first (bounded parallel, each placed as the job's blob ledger advises), then child
/// manifests by digest, then the root manifest at the destination reference. Every platform of an index is copied.
/// </summary>
public sealed class ArtifactCopier(RegistryClient client)
{
    public Task<CopyOutcome> CopyAsync(
        RepositoryRef source, string sourceReference, RepositoryRef destination, string destinationReference, int blobParallelism, CancellationToken ct) =>
        CopyAsync(source, sourceReference, null, destination, destinationReference, blobParallelism, NoBlobLedger.Instance, ct);

    /// <param name="fetchedRoot">
    /// The root manifest when the caller already fetched it by <paramref name="sourceReference"/>, so the source is not
    /// asked for it twice; fetched here when null.
    /// </param>
    public async Task<CopyOutcome> CopyAsync(
        RepositoryRef source,
        string sourceReference,
        ManifestBlob? fetchedRoot,
        RepositoryRef destination,
        string destinationReference,
        int blobParallelism,
        IBlobLedger ledger,
        CancellationToken ct)
    {
        client.Options.Log?.Invoke($"Copying from {source.WithReference(sourceReference)} to {destination.WithReference(destinationReference)}");
        var root = fetchedRoot ?? await client.GetManifestAsync(source, sourceReference, ct).ConfigureAwait(false);
        var plan = await CopyPlan.BuildAsync(client, source, root, destination, ct).ConfigureAwait(false);

        var tally = new BlobTally();
        await Parallel.ForEachAsync(
            plan.Blobs,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, blobParallelism), CancellationToken = ct },
            async (blob, token) => tally.Add(blob, await PlaceBlobAsync(source, destination, blob, ledger, token).ConfigureAwait(false)))
            .ConfigureAwait(false);

        try
        {
            long manifestBytes = 0;
            foreach (var child in plan.Children)
            {
                await client.PutManifestAsync(destination, child.Digest, child, ct).ConfigureAwait(false);
                MirroringMetrics.RecordManifest(child.Bytes.LongLength);
                manifestBytes += child.Bytes.LongLength;
            }

            var digest = await client.PutManifestAsync(destination, destinationReference, plan.Root, ct).ConfigureAwait(false);
            MirroringMetrics.RecordManifest(plan.Root.Bytes.LongLength);
            manifestBytes += plan.Root.Bytes.LongLength;
            return new CopyOutcome(digest, tally.BytesPushed + manifestBytes, tally.Pushed, tally.Mounted, tally.Existing);
        }
        catch (RegistryException ex) when (ex.Codes.Any(code => code is "BLOB_UNKNOWN" or "MANIFEST_BLOB_UNKNOWN"))
        {
            // The registry lost (or never kept) a blob the ledger placed: the retry must check it again.
            ledger.Forget(destination, [.. plan.Blobs.Select(b => b.Digest)]);
            throw;
        }
    }

    private async Task<BlobPushOutcome> PlaceBlobAsync(RepositoryRef source, RepositoryRef destination, Descriptor blob, IBlobLedger ledger, CancellationToken ct)
    {
        var claim = await ledger.ClaimAsync(destination, blob, ct).ConfigureAwait(false);
        if (claim.Placement.Kind == BlobPlacementKind.Present)
        {
            return BlobPushOutcome.Existing;
        }

        var present = false;
        try
        {
            var outcome = await client.CopyBlobAsync(source, destination, blob, claim.Placement, ct).ConfigureAwait(false);
            present = true;
            return outcome;
        }
        finally
        {
            ledger.Settle(claim, present);
        }
    }

    private sealed class BlobTally
    {
        private long _bytesPushed;
        private int _pushed;
        private int _mounted;
        private int _existing;

        public long BytesPushed => Interlocked.Read(ref _bytesPushed);

        public int Pushed => Volatile.Read(ref _pushed);

        public int Mounted => Volatile.Read(ref _mounted);

        public int Existing => Volatile.Read(ref _existing);

        public void Add(Descriptor blob, BlobPushOutcome outcome)
        {
            MirroringMetrics.RecordBlob(outcome, blob.Size);
            switch (outcome)
            {
                case BlobPushOutcome.Pushed:
                    Interlocked.Increment(ref _pushed);
                    Interlocked.Add(ref _bytesPushed, blob.Size);
                    break;
                case BlobPushOutcome.Mounted:
                    Interlocked.Increment(ref _mounted);
                    break;
                default:
                    Interlocked.Increment(ref _existing);
                    break;
            }
        }
    }
}
