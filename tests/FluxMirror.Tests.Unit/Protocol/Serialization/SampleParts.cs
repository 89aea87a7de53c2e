using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Domain.Signatures.Cosign;
using FluxMirror.Protocol.Messages;
using FluxMirror.Registry.Model;

namespace FluxMirror.Tests.Unit.Protocol.Serialization;

/// <summary>
/// Building blocks of the message samples. Every value is distinct from its neighbours so a swapped or
/// dropped field cannot round-trip by accident; dates carry an offset and sub-millisecond ticks.
/// </summary>
internal static class SampleParts
{
    public static readonly DateTimeOffset When = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1_234_567);
    public static readonly TimeSpan Odd = TimeSpan.FromTicks(12_345_678_901);
    public const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    public const string OtherDigest = "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    public static TagCopySpec FullJob => new(3, 7, EntryKind.Chart, "1.2.3+build", "ghcr.io/src/charts/app", "registry.local/dst/app",
        "1.2.3_build", Digest, Overwrite: true, DryRun: true,
        [new ReferrerRef(OtherDigest, "application/vnd.dev.cosign.simplesigning.v1+json", "sha256-0123.sig"), new ReferrerRef(Digest, "application/vnd.dev.cosign.simplesigning.v1+json", "sha256-4567.sig")],
        FullVerification,
        FullRow);

    public static VerificationInfo FullVerification => new("cosign", "https://token.actions.githubusercontent.com", "https://github.com/x/y", When, "47h13m11s", "48h0m0s");

    public static TagCopySpec MinimalJob => new(0, 0, EntryKind.Artifact, "v1", "docker.io/a/b", "localhost:5000/b", "v1", null, false, false);

    public static EntryRef FullEntry => new(3, EntryKind.Chart, "https://charts.example/app", "registry.local/dst/app");

    public static EntryRef MinimalEntry => new(0, EntryKind.Artifact, "docker.io/a/b", "localhost:5000/b");

    public static EntryPlan FullPlan => new(FullEntry, [FullJob, FullJob with { TagIndex = 8, Tag = "1.2.4" }], "list tags: UNAUTHORIZED");

    public static EntryPlan MinimalPlan => new(MinimalEntry, [], null);

    public static TagAttemptResult FullAttempt => new(TagStatus.WouldOverwrite, Digest, TagStatusNames.UpToDate, 4_294_967_296,
        [new ReferrerResult(Digest, "application/vnd.example.sbom", TagStatus.Skipped, TagStatusNames.UpToDate), new ReferrerResult(OtherDigest, "application/vnd.dev.sigstore.bundle.v0.3+json", TagStatus.Failed, "kept for the failed row")]);

    public static TagAttemptResult MinimalAttempt => new(TagStatus.Copied, null);

    public static TagResult FullRow => new("1.2.3+build", TagStatus.Drifted, Digest, TagStatusNames.SignatureTooNew, "copy a -> b: <boom> & \"more\"",
        [new ReferrerResult(Digest, "application/vnd.dev.sigstore.bundle.v0.3+json", TagStatus.Copied, "already there")],
        FullVerification);

    public static TagResult MinimalRow => new("v1", TagStatus.Failed);

    public static SyncReport FullReport => new("flux-mirror/v0.1.0", When, 16_724, new ReportSummary(1, 2, 3, 4, 5, 6, 7, 8, 9),
        [new EntryResult("ghcr.io/src", "registry.local/dst", true, "plan failed: boom", [FullRow, FullRow with { Tag = "1.2.4", Status = TagStatus.Copied }])]);

    public static SyncReport MinimalReport => new("flux-mirror/v0.1.0", DateTimeOffset.UnixEpoch, 0, new ReportSummary(0, 0, 0, 0, 0, 0, 0, 0, 0), []);

    public static JobOptions FullOptions => new(9, 5, TimeSpan.FromMinutes(7) + Odd, Overwrite: true, DryRun: true, Insecure: true,
        new SigstoreOptions("{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\"}"u8.ToArray(), new Uri("https://tuf.example/repo/"), "{\"signed\":{\"_type\":\"root\"}}"u8.ToArray()));

    public static JobOptions MinimalOptions => new();

    public static JobSubmitted FullSubmitted => new("job-1", Digest, "/etc/mirror/config.yaml", FullOptions, 12, When);

    public static JobSubmitted MinimalSubmitted => new("job-0", Digest, "-", MinimalOptions, 0, DateTimeOffset.UnixEpoch);

    public static JobClosed FullClosed => new("job-1", When.AddHours(1), 2, 40, 3, "hosts[0]: registry provider \"ecr\" is not supported yet");

    public static TagRowFinished FullRowFinished => new("job-1", FullEntry, FullJob, FullRow, "worker-2", 987_654_321, Odd);

    public static TagRowFinished MinimalRowFinished => new("job-0", MinimalEntry, MinimalJob, MinimalRow, "w", 0, TimeSpan.Zero);
}
