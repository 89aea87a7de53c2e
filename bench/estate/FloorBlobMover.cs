namespace FluxMirror.Bench.Estate;

/// <summary>
/// Gets one blob into one destination repository with the fewest requests the ledger allows: nothing when it is known to
/// be there, a mount when another repository of the registry has it, otherwise one upload (a streamed GET from the source
/// into one monolithic PUT) that every other tag needing the blob waits for and then mounts.
/// </summary>
internal sealed class FloorBlobMover(FloorSource source, FloorDestination destination, BlobLedger ledger, FloorStats stats)
{
    public async Task EnsureAsync(string sourceRepository, string repository, BlobDescriptor blob, CancellationToken ct)
    {
        while (true)
        {
            var claim = ledger.Claim(blob.Digest, repository);
            if (claim.Kind == BlobClaimKind.AlreadyThere)
            {
                stats.KnownInRepository();
                return;
            }

            if (claim.Kind == BlobClaimKind.Wait)
            {
                await claim.Pending!.WaitAsync(ct);
                continue;
            }

            var present = false;
            try
            {
                var start = claim.Kind == BlobClaimKind.MountFrom
                    ? await MountAsync(repository, blob.Digest, claim.From!, ct)
                    : await ProbeAsync(repository, blob.Digest, ct);
                if (!start.Present)
                {
                    await UploadAsync(sourceRepository, blob, start.Completion!, ct);
                }

                present = true;
                return;
            }
            finally
            {
                ledger.Release(blob.Digest, repository, present);
            }
        }
    }

    private async Task<UploadStart> MountAsync(string repository, string digest, string from, CancellationToken ct)
    {
        var start = await destination.MountAsync(repository, digest, from, ct);
        if (start.Present)
        {
            ledger.NoteMountHonoured();
            stats.Mounted();
        }
        else
        {
            stats.MountRefused();
        }

        return start;
    }

    // Unknown to the ledger (a fresh run, or a blob left by an earlier one). Once the registry is known to mount, a mount
    // from the repository itself asks "here already?" and opens the session in one request; before that, HEAD then POST.
    private async Task<UploadStart> ProbeAsync(string repository, string digest, CancellationToken ct)
    {
        UploadStart start;
        if (ledger.MountsHonoured)
        {
            start = await destination.MountAsync(repository, digest, repository, ct);
        }
        else
        {
            start = await destination.BlobExistsAsync(repository, digest, ct)
                ? UploadStart.Done
                : await destination.StartUploadAsync(repository, digest, ct);
        }

        if (start.Present)
        {
            stats.FoundAtDestination();
        }

        return start;
    }

    private async Task UploadAsync(string sourceRepository, BlobDescriptor blob, Uri completion, CancellationToken ct)
    {
        using var response = await source.OpenBlobAsync(sourceRepository, blob.Digest, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await destination.PutBlobAsync(completion, body, blob.Size, ct);
        stats.Uploaded();
    }
}
