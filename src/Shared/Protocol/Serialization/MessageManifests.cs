
namespace FluxMirror.Protocol.Serialization;

/// <summary>
/// THE table of wire names: every <see cref="IMirrorMessage"/> maps to a short, stable manifest, so renaming
/// or moving a C# type never changes what is on the wire or in the journal.
/// </summary>
/// <remarks>
/// A manifest is a contract: never change one, never reuse one of a removed message.
/// Adding a message: one line below; its JSON contract is built the first time the message is (de)serialized. <c>Json.&lt;Type&gt;</c> exists once the type has its
/// <c>[JsonSerializable]</c> line in <see cref="MirrorJsonContext"/> (the compiler says so if it is missing).
/// </remarks>
public static class MessageManifests
{
    private static readonly MirrorJsonContext Json = MirrorJsonContext.Default;

    private static readonly ManifestTable Table = new(
    [
        // Tag copy
        ManifestEntry.Of(() => Json.RunTagAttempt, "rta"),
        ManifestEntry.Of(() => Json.TagAttemptSucceeded, "tas"),
        ManifestEntry.Of(() => Json.TagAttemptFailed, "taf"),

        // Job
        ManifestEntry.Of(() => Json.EntryPlanned, "ep"),
        ManifestEntry.Of(() => Json.TagRowFinished, "trf"),
        ManifestEntry.Of(() => Json.JobCompleted, "jc"),
        ManifestEntry.Of(() => Json.JobProgress, "jp"),
        ManifestEntry.Of(() => Json.JobFinished, "jf"),
        ManifestEntry.Of(() => Json.FollowJob, "fj"),
        ManifestEntry.Of(() => Json.JobRecovered, "jr"),
        ManifestEntry.Of(() => Json.TagDispatched, "td"),
        ManifestEntry.Of(() => Json.JobSnapshot, "jsn"),
        ManifestEntry.Of(() => Json.JobCancelled, "jcn"),
        ManifestEntry.Of(() => Json.FollowAck, "fa"),
        ManifestEntry.Of(() => Json.FollowDropped, "fd"),

        // Job index
        ManifestEntry.Of(() => Json.JobSubmitted, "jsb"),
        ManifestEntry.Of(() => Json.JobClosed, "jcl"),
        ManifestEntry.Of(() => Json.FindUnfinishedJob, "fuj"),
        ManifestEntry.Of(() => Json.UnfinishedJob, "uj"),
        ManifestEntry.Of(() => Json.ListJobs, "lj"),
        ManifestEntry.Of(() => Json.JobList, "jl"),
        ManifestEntry.Of(() => Json.JobIndexSnapshot, "jis"),
        ManifestEntry.Of(() => Json.JobsExpired, "jex"),

        // Rate limit
        ManifestEntry.Of(() => Json.LeasePermits, "lp"),
        ManifestEntry.Of(() => Json.PermitsLeased, "pl"),
        ManifestEntry.Of(() => Json.ReturnPermits, "rp"),
        ManifestEntry.Of(() => Json.HostThrottled, "ht"),
        ManifestEntry.Of(() => Json.HostPaused, "hp"),
        ManifestEntry.Of(() => Json.LeaseTokens, "lt"),
        ManifestEntry.Of(() => Json.TokensLeased, "tl"),
        ManifestEntry.Of(() => Json.ReturnTokens, "rtk"),
        ManifestEntry.Of(() => Json.ReleaseSparePermits, "rsp"),
        ManifestEntry.Of(() => Json.GetHostLimit, "ghl"),
        ManifestEntry.Of(() => Json.SetHostLimit, "shl"),
        ManifestEntry.Of(() => Json.HostLimitState, "hls"),

        // Cluster jobs
        ManifestEntry.Of(() => Json.SubmitJob, "sj"),
        ManifestEntry.Of(() => Json.JobAccepted, "ja"),
        ManifestEntry.Of(() => Json.JobRejected, "jrj"),
        ManifestEntry.Of(() => Json.GetJobSpec, "gjs"),
        ManifestEntry.Of(() => Json.CancelJob, "cj"),
        ManifestEntry.Of(() => Json.JobCancelAnswered, "jca"),
        ManifestEntry.Of(() => Json.JobSpec, "js"),
        ManifestEntry.Of(() => Json.JobManagerSnapshot, "jms"),

        // Blob ledger
        ManifestEntry.Of(() => Json.ClaimBlob, "cb"),
        ManifestEntry.Of(() => Json.BlobClaimAnswered, "bca"),
        ManifestEntry.Of(() => Json.SettleBlob, "sb"),
        ManifestEntry.Of(() => Json.ForgetBlobs, "fb"),
        ManifestEntry.Of(() => Json.BlobPlaced, "bp"),
        ManifestEntry.Of(() => Json.BlobsForgotten, "bf"),
        ManifestEntry.Of(() => Json.BlobLedgerSnapshot, "bls"),

    ]);

    /// <summary>Every registered message type and its manifest.</summary>
    public static IReadOnlyDictionary<Type, string> ByType => Table.ManifestsByType;

    internal static ManifestEntry? FindByType(Type type) => Table.FindByType(type);

    internal static ManifestEntry? FindByManifest(string manifest) => Table.FindByManifest(manifest);
}
