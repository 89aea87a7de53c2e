using System.Globalization;

namespace FluxMirror.Bench.Estate;

/// <summary>What the floor decided, counted: tags copied or up to date, and how each blob reached its repository.</summary>
internal sealed class FloorStats
{
    private int _copied;
    private int _upToDate;
    private int _uploaded;
    private int _mounted;
    private int _mountRefused;
    private int _foundAtDestination;
    private int _knownInRepository;

    public void TagCopied() => Interlocked.Increment(ref _copied);

    public void TagUpToDate() => Interlocked.Increment(ref _upToDate);

    /// <summary>Read from the source and PUT into an upload session.</summary>
    public void Uploaded() => Interlocked.Increment(ref _uploaded);

    /// <summary>A cross-repository mount the registry honoured (201).</summary>
    public void Mounted() => Interlocked.Increment(ref _mounted);

    /// <summary>A cross-repository mount answered 202: the blob went up in that same session.</summary>
    public void MountRefused() => Interlocked.Increment(ref _mountRefused);

    /// <summary>Unknown to the ledger but already in the destination repository (HEAD 200, or a mount from itself answered 201).</summary>
    public void FoundAtDestination() => Interlocked.Increment(ref _foundAtDestination);

    /// <summary>The ledger knew the blob was in the repository: no request at all.</summary>
    public void KnownInRepository() => Interlocked.Increment(ref _knownInRepository);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"tags copied {_copied}, up to date {_upToDate}; blobs uploaded {_uploaded}, mounted {_mounted}, mount refused {_mountRefused}, already at the destination {_foundAtDestination}, known to the ledger {_knownInRepository}");
}
