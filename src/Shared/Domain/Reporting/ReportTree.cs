
namespace FluxMirror.Domain.Reporting;

/// <summary>
/// The report as an ordered tree (maps keep the reference's field order), so the JSON and YAML
/// writers render one shape and cannot drift apart. Leaves are strings and longs.
/// </summary>
public static class ReportTree
{
    public sealed class Map : List<KeyValuePair<string, object>>
    {
        public Map Add(string key, object value)
        {
            Add(new KeyValuePair<string, object>(key, value));
            return this;
        }

        public Map AddIf(string key, object? value)
        {
            if (value is not null)
            {
                Add(key, value);
            }

            return this;
        }
    }

    /// <summary>The full envelope; <paramref name="includeSchema"/> is JSON-only.</summary>
    public static Map Envelope(SyncReport report, bool includeSchema)
    {
        var envelope = new Map()
            .Add("apiVersion", SyncReport.ApiVersion)
            .Add("kind", SyncReport.Kind);
        if (includeSchema)
        {
            envelope.Add("$schema", SyncReport.SchemaUrl);
        }

        return envelope.Add("report", Report(report));
    }

    private static Map Report(SyncReport report) => new Map()
        .Add("reporter", report.Reporter)
        .Add("timestamp", report.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))
        .Add("durationMs", report.DurationMs)
        .Add("summary", Summary(report.Summary))
        .Add("results", report.Results.Select(Entry).Cast<object>().ToList());

    private static Map Summary(ReportSummary s) => new Map()
        .Add("entries", (long)s.Entries)
        .Add("copied", (long)s.Copied)
        .Add("overwritten", (long)s.Overwritten)
        .Add("skipped", (long)s.Skipped)
        .Add("drifted", (long)s.Drifted)
        .Add("wouldCopy", (long)s.WouldCopy)
        .Add("wouldOverwrite", (long)s.WouldOverwrite)
        .Add("failed", (long)s.Failed)
        .Add("exitCode", (long)s.ExitCode);

    private static Map Entry(EntryResult e) => new Map()
        .Add("source", e.Source)
        .Add("destination", e.Destination)
        .Add("status", e.Status)
        .AddIf("error", e.PlanFailed ? e.Error ?? string.Empty : null)
        .Add("tags", e.Tags.Select(Tag).Cast<object>().ToList());

    private static Map Tag(TagResult t) => new Map()
        .Add("tag", t.Tag)
        .Add("status", t.Status.ToWire())
        .AddIf("digest", t.Digest)
        .AddIf("reason", t.Status == TagStatus.Skipped ? t.Reason : null)
        .AddIf("error", t.Status == TagStatus.Failed ? t.Error ?? string.Empty : null)
        .AddIf("referrers", t.Referrers?.Select(Referrer).Cast<object>().ToList())
        .AddIf("verification", t.Verification is null ? null : Verification(t.Verification));

    private static Map Referrer(ReferrerResult r) => new Map()
        .Add("digest", r.Digest)
        .AddIf("artifactType", string.IsNullOrEmpty(r.ArtifactType) ? null : r.ArtifactType)
        .Add("status", r.Status.ToWire())
        .AddIf("reason", r.Status == TagStatus.Skipped ? r.Reason : null);

    private static Map Verification(VerificationInfo v) => new Map()
        .Add("provider", v.Provider)
        .AddIf("issuer", v.Issuer)
        .AddIf("identity", v.Identity)
        .AddIf("integratedTime", v.IntegratedTime?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))
        .AddIf("age", v.Age)
        .AddIf("minAge", v.MinAge);
}
