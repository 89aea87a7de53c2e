namespace FluxMirror.Domain.Reporting;

/// <summary>Outcome of one tag (or referrer) row; the wire names are the reference's.</summary>
public enum TagStatus
{
    Copied,
    Overwritten,
    Skipped,
    Drifted,
    WouldCopy,
    WouldOverwrite,
    Failed,
}

public static class TagStatusNames
{
    public const string UpToDate = "up-to-date";
    public const string SignatureTooNew = "signature-too-new";

    public static string ToWire(this TagStatus status) => status switch
    {
        TagStatus.Copied => "copied",
        TagStatus.Overwritten => "overwritten",
        TagStatus.Skipped => "skipped",
        TagStatus.Drifted => "drifted",
        TagStatus.WouldCopy => "would-copy",
        TagStatus.WouldOverwrite => "would-overwrite",
        TagStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static TagStatus FromWire(string wire) => wire switch
    {
        "copied" => TagStatus.Copied,
        "overwritten" => TagStatus.Overwritten,
        "skipped" => TagStatus.Skipped,
        "drifted" => TagStatus.Drifted,
        "would-copy" => TagStatus.WouldCopy,
        "would-overwrite" => TagStatus.WouldOverwrite,
        "failed" => TagStatus.Failed,
        _ => throw new ArgumentException($"unknown tag status \"{wire}\"", nameof(wire)),
    };
}
