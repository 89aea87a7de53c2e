namespace FluxMirror.Actors.BlobLedger;

/// <summary>One blob on one destination registry: what the ledger keys everything by (registry names are case-insensitive; digests are not).</summary>
public readonly record struct BlobKey
{
    public BlobKey(string registry, string digest)
    {
        Registry = registry.ToLowerInvariant();
        Digest = digest;
    }

    public string Registry { get; }

    public string Digest { get; }
}
