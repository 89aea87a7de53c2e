namespace FluxMirror.Protocol.Limits;

/// <summary>
/// How long the blob ledger lets one copy hold the right to upload a blob before it hands that right to the next
/// copy waiting for it, and so how long a waiting copy may wait. A holder that finishes or fails ends its lease at
/// once (and a node that dies, through death watch); the lease only bounds a holder that went silent.
/// </summary>
public static class BlobLease
{
    /// <summary>The slowest upload rate a lease allows for: 4 MiB/s.</summary>
    private const double MinimumBytesPerSecond = 4 * 1024 * 1024;

    private static readonly TimeSpan Base = TimeSpan.FromMinutes(2);

    public static TimeSpan For(long size) => Base + TimeSpan.FromSeconds(Math.Max(0, size) / MinimumBytesPerSecond);
}
