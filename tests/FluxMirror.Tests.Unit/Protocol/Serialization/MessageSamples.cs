using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;
using static FluxMirror.Tests.Unit.Protocol.Serialization.SampleParts;

namespace FluxMirror.Tests.Unit.Protocol.Serialization;

/// <summary>One sample pair per registered message; a test fails when a registered message has none.</summary>
internal static class MessageSamples
{
    public static readonly IReadOnlyList<MessageSample> All =
    [
        // Tag copy
        new("rta", new RunTagAttempt("job-1", FullJob, 2, Odd), new RunTagAttempt("job-0", MinimalJob, 0, TimeSpan.Zero)),
        new("tas", new TagAttemptSucceeded("job-1", 3, 7, 2, FullAttempt, "worker-2"),
            new TagAttemptSucceeded("job-0", 0, 0, 0, MinimalAttempt, "w")),
        new("taf", new TagAttemptFailed("job-1", 3, 7, 2, "copy referrer a -> b: 500 Internal Server Error", true, "worker-2", FullAttempt with { Status = TagStatus.Failed }),
            new TagAttemptFailed("job-0", 0, 0, 0, "", false, "w")),

        // Job
        new("ep", new EntryPlanned("job-1", FullPlan), new EntryPlanned("job-0", MinimalPlan)),
        new("trf", FullRowFinished, MinimalRowFinished),
        new("jc", new JobCompleted("job-1", When, Odd), new JobCompleted("job-0", DateTimeOffset.UnixEpoch, TimeSpan.Zero)),
        new("jp", new JobProgress("job-1", 1, 2, 3, 4, 5_000_000_000), new JobProgress("job-0", 0, 0, 0, 0, 0)),
        new("jf", new JobFinished("job-1", FullReport, "substitute environment variables: variable not set (strict mode): \"TEAM\""), new JobFinished("job-0", MinimalReport)),
        new("fj", new FollowJob("job-1"), new FollowJob("")),
        new("jr", new JobRecovered("job-1", [FullPlan], [FullRowFinished]),
            new JobRecovered("job-0", [], [])),
        new("td", new TagDispatched("job-1", 3, 7), new TagDispatched("job-0", 0, 0)),
        new("jsn", new JobSnapshot("job-1", [FullPlan], [FullRowFinished], [new TagDispatched("job-1", 3, 7)], new JobCancelled("job-1", "by an operator", When)),
            new JobSnapshot("job-0", [], [], [])),
        new("jcn", new JobCancelled("job-1", "by an operator", When), new JobCancelled("job-0", "", DateTimeOffset.UnixEpoch)),
        new("fa", new FollowAck("job-1", 64), new FollowAck("", 0)),
        new("fd", new FollowDropped("job-1", "fell 4096 events behind"), new FollowDropped("", "")),

        // Job index
        new("jsb", FullSubmitted, MinimalSubmitted),
        new("jcl", FullClosed, new JobClosed("job-0", DateTimeOffset.UnixEpoch, 0, 0, 0)),
        new("fuj", new FindUnfinishedJob(Digest), new FindUnfinishedJob("")),
        new("uj", new UnfinishedJob(FullSubmitted), new UnfinishedJob(null)),
        new("lj", ListJobs.Instance, new ListJobs()),
        new("jl", new JobList([new JobSummary(FullSubmitted, FullClosed)]), new JobList([new JobSummary(MinimalSubmitted, null)])),
        new("jex", new JobsExpired(["job-1", "job-2"], DateTimeOffset.UnixEpoch), new JobsExpired([], DateTimeOffset.UnixEpoch)),
        new("jis", new JobIndexSnapshot([new JobSummary(FullSubmitted, FullClosed)]), new JobIndexSnapshot([])),

        // Rate limit
        new("lp", new LeasePermits("ghcr.io", 8), new LeasePermits("localhost:5000", 0)),
        new("pl", new PermitsLeased("ghcr.io", 8, When), new PermitsLeased("ghcr.io", 0, null)),
        new("rp", new ReturnPermits("ghcr.io", 8, 6, 2), new ReturnPermits("ghcr.io", 0, 0, 0)),
        new("ht", new HostThrottled("ghcr.io", TimeSpan.FromSeconds(90) + Odd), new HostThrottled("ghcr.io", TimeSpan.Zero)),
        new("hp", new HostPaused("ghcr.io", When, 3), new HostPaused("ghcr.io", DateTimeOffset.MinValue, 0)),
        new("ghl", new GetHostLimit("ghcr.io"), new GetHostLimit("")),
        new("shl", new SetHostLimit("ghcr.io", 8, 2.5), new SetHostLimit("", 0, null)),
        new("hls", new HostLimitState("ghcr.io", 8, 4, 3, 2, 2.5, When), new HostLimitState("", 0, 0, 0, 0, 0, null)),
        new("lt", new LeaseTokens("ghcr.io", 5), new LeaseTokens("localhost:5000", 0)),
        new("tl", new TokensLeased("ghcr.io", 5, false), new TokensLeased("ghcr.io", 0, true)),
        new("rtk", new ReturnTokens("ghcr.io", 5), new ReturnTokens("ghcr.io", 0)),
        new("rsp", new ReleaseSparePermits("ghcr.io"), new ReleaseSparePermits("")),

        // Cluster jobs
        new("sj", new SubmitJob("apiVersion: x\nkind: Config\n", "/etc/mirror.yaml", Digest, FullOptions, true, true),
            new SubmitJob("", "", "", new JobOptions(), false)),
        new("ja", new JobAccepted("job-1", true), new JobAccepted("job-0", false)),
        new("jrj", new JobRejected("config: artifacts[0].source: required", Busy: true), new JobRejected("")),
        new("gjs", new GetJobSpec("job-1"), new GetJobSpec("")),
        new("cj", new CancelJob("job-1", "by an operator"), new CancelJob("", "")),
        new("jca", new JobCancelAnswered("job-1", true), new JobCancelAnswered("job-0", false)),
        new("js", new JobSpec("job-1", "apiVersion: x\n", FullOptions, true, Digest, "stdin"), new JobSpec("job-0", "", new JobOptions(), false)),
        new("jms", new JobManagerSnapshot([new JobSpec("job-1", "apiVersion: x\n", FullOptions, true, Digest, "stdin")]), new JobManagerSnapshot([])),

        // Blob ledger
        new("cb", new ClaimBlob("job-1", 42, "ghcr.io", "team/app", Digest, 5_000_000_000), new ClaimBlob("job-0", 0, "", "", "", 0)),
        new("bca", new BlobClaimAnswered("job-1", 42, "ghcr.io", Digest, BlobVerdict.Mount, "team/base"), new BlobClaimAnswered("job-0", 0, "", "", BlobVerdict.Upload)),
        new("sb", new SettleBlob("job-1", 42, "ghcr.io", "team/app", Digest, true), new SettleBlob("job-0", 0, "", "", "", false)),
        new("fb", new ForgetBlobs("job-1", "ghcr.io", [Digest]), new ForgetBlobs("job-0", "", [])),
        new("bp", new BlobPlaced("ghcr.io", "team/app", Digest), new BlobPlaced("", "", "")),
        new("bf", new BlobsForgotten("ghcr.io", [Digest]), new BlobsForgotten("", [])),
        new("bls", new BlobLedgerSnapshot([new BlobPlaced("ghcr.io", "team/app", Digest)]), new BlobLedgerSnapshot([])),
    ];

    public static MessageSample For(string manifest) => All.Single(s => s.Manifest == manifest);

    public static TheoryData<string> Manifests => new(All.Select(s => s.Manifest));
}
