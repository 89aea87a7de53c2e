using FluxMirror.Domain.Reporting;

namespace FluxMirror.Domain.Mirroring;

public enum DestinationState
{
    Missing,
    Equal,
    Different,
}

/// <summary>
/// The decision table shared by tags, referrers and charts: equal → skipped/up-to-date,
/// missing → copy, different → drifted unless overwrite. Dry-run turns writes into forecasts.
/// </summary>
public static class MirrorDecision
{
    public static DestinationState Compare(string sourceDigest, string? destinationDigest) =>
        destinationDigest is null ? DestinationState.Missing
        : string.Equals(sourceDigest, destinationDigest, StringComparison.Ordinal) ? DestinationState.Equal
        : DestinationState.Different;

    /// <summary>The status to report, or null when a copy must be performed first (then the status is the copy's).</summary>
    public static (TagStatus Status, bool MustCopy) Decide(DestinationState state, bool overwrite, bool dryRun) => state switch
    {
        DestinationState.Equal => (TagStatus.Skipped, false),
        DestinationState.Missing => dryRun ? (TagStatus.WouldCopy, false) : (TagStatus.Copied, true),
        DestinationState.Different when !overwrite => (TagStatus.Drifted, false),
        _ => dryRun ? (TagStatus.WouldOverwrite, false) : (TagStatus.Overwritten, true),
    };
}
