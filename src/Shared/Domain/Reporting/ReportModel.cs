using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Reporting;

/// <summary>One referrer mirrored alongside its parent tag.</summary>
public sealed record ReferrerResult(string Digest, string? ArtifactType, TagStatus Status, string? Reason = null);

/// <summary>Signature verification metadata of a confirmed signature.</summary>
public sealed record VerificationInfo(
    string Provider,
    string? Issuer = null,
    string? Identity = null,
    DateTimeOffset? IntegratedTime = null,
    string? Age = null,
    string? MinAge = null);

/// <summary>One tag (artifacts) or chart version (charts) row, in plan order.</summary>
public sealed record TagResult(
    string Tag,
    TagStatus Status,
    string? Digest = null,
    string? Reason = null,
    string? Error = null,
    IReadOnlyList<ReferrerResult>? Referrers = null,
    VerificationInfo? Verification = null);

/// <summary>One config entry. A plan failure is <c>failed</c> with an error and no tags.</summary>
public sealed record EntryResult(string Source, string Destination, bool PlanFailed, string? Error, IReadOnlyList<TagResult> Tags)
{
    public string Status => PlanFailed ? "failed" : "completed";

    public static EntryResult Failed(string source, string destination, string error) =>
        new(source, destination, true, error, []);
}

/// <summary>Aggregate counts; every field always present.</summary>
public sealed record ReportSummary(
    int Entries,
    int Copied,
    int Overwritten,
    int Skipped,
    int Drifted,
    int WouldCopy,
    int WouldOverwrite,
    int Failed,
    int ExitCode)
{
    public const int FailureExitCode = 1;

    /// <summary>Drift without failures; <c>sync --drift-exit-code</c> replaces it and shows it as its default.</summary>
    public const int DriftExitCode = 2;

    /// <summary>Failures (failed tag rows plus plan-failed entries) give 1, else drift gives 2, else 0.
    /// Referrer rows never count: only tag rows do, as in the reference.</summary>
    public static ReportSummary From(IReadOnlyList<EntryResult> results)
    {
        int Count(TagStatus s) => results.Sum(r => r.Tags.Count(t => t.Status == s));
        var failed = Count(TagStatus.Failed) + results.Count(r => r.PlanFailed);
        var drifted = Count(TagStatus.Drifted);
        var exit = failed > 0 ? FailureExitCode : drifted > 0 ? DriftExitCode : 0;
        return new ReportSummary(
            results.Count,
            Count(TagStatus.Copied),
            Count(TagStatus.Overwritten),
            Count(TagStatus.Skipped),
            drifted,
            Count(TagStatus.WouldCopy),
            Count(TagStatus.WouldOverwrite),
            failed,
            exit);
    }
}

/// <summary>The report of one sync run (the <c>report</c> object of the envelope).</summary>
public sealed record SyncReport(string Reporter, DateTimeOffset Timestamp, long DurationMs, ReportSummary Summary, IReadOnlyList<EntryResult> Results)
{
    public const string ApiVersion = "mirror.plugin.fluxcd.io/v1beta1";
    public const string Kind = "Report";
    public const string SchemaUrl = "https://raw.githubusercontent.com/fluxcd/flux-mirror/main/docs/report-v1beta1.json";

    public static SyncReport Create(string reporter, DateTimeOffset started, TimeSpan duration, IReadOnlyList<EntryResult> results) =>
        new(reporter, started, (long)duration.TotalMilliseconds, ReportSummary.From(results), results);
}
