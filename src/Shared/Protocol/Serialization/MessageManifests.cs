
namespace FluxMirror.Protocol.Serialization;

/// <summary>
/// THE table of wire names: every <see cref="IMirrorMessage"/> maps to a short, stable manifest, so renaming
/// or moving a C# type never changes what is on the wire or in the journal.
/// </summary>
/// <remarks>
/// A manifest is a contract: never change one, never reuse one of a removed message.
/// Adding a message: one line below. <c>Json.&lt;Type&gt;</c> exists once the type has its
/// <c>[JsonSerializable]</c> line in <see cref="MirrorJsonContext"/> (the compiler says so if it is missing).
/// </remarks>
public static class MessageManifests
{
    private static readonly MirrorJsonContext Json = MirrorJsonContext.Default;

    private static readonly ManifestTable Table = new(
    [
        // Tag copy
        new(Json.RunTagAttempt, "rta"),
        new(Json.TagAttemptSucceeded, "tas"),
        new(Json.TagAttemptFailed, "taf"),

        // Job
        new(Json.EntryPlanned, "ep"),
        new(Json.TagRowFinished, "trf"),
        new(Json.JobCompleted, "jc"),
        new(Json.JobProgress, "jp"),
        new(Json.JobFinished, "jf"),
        new(Json.FollowJob, "fj"),
        new(Json.JobRecovered, "jr"),
        new(Json.TagDispatched, "td"),
        new(Json.JobSnapshot, "jsn"),
        new(Json.JobCancelled, "jcn"),
        new(Json.FollowAck, "fa"),
        new(Json.FollowDropped, "fd"),

        // Job index
        new(Json.JobSubmitted, "jsb"),
        new(Json.JobClosed, "jcl"),
        new(Json.FindUnfinishedJob, "fuj"),
        new(Json.UnfinishedJob, "uj"),
        new(Json.ListJobs, "lj"),
        new(Json.JobList, "jl"),
        new(Json.JobIndexSnapshot, "jis"),
        new(Json.JobsExpired, "jex"),

        // Rate limit
        new(Json.LeasePermits, "lp"),
        new(Json.PermitsLeased, "pl"),
        new(Json.ReturnPermits, "rp"),
        new(Json.HostThrottled, "ht"),
        new(Json.HostPaused, "hp"),
        new(Json.LeaseTokens, "lt"),
        new(Json.TokensLeased, "tl"),
        new(Json.ReturnTokens, "rtk"),
        new(Json.GetHostLimit, "ghl"),
        new(Json.SetHostLimit, "shl"),
        new(Json.HostLimitState, "hls"),

        // Cluster jobs
        new(Json.SubmitJob, "sj"),
        new(Json.JobAccepted, "ja"),
        new(Json.JobRejected, "jrj"),
        new(Json.GetJobSpec, "gjs"),
        new(Json.CancelJob, "cj"),
        new(Json.JobCancelAnswered, "jca"),
        new(Json.JobSpec, "js"),
        new(Json.JobManagerSnapshot, "jms"),

        // Blob ledger
        new(Json.ClaimBlob, "cb"),
        new(Json.BlobClaimAnswered, "bca"),
        new(Json.SettleBlob, "sb"),
        new(Json.ForgetBlobs, "fb"),
        new(Json.BlobPlaced, "bp"),
        new(Json.BlobsForgotten, "bf"),
        new(Json.BlobLedgerSnapshot, "bls"),

    ]);

    /// <summary>Every registered message type and its manifest.</summary>
    public static IReadOnlyDictionary<Type, string> ByType => Table.ManifestsByType;

    internal static ManifestEntry? FindByType(Type type) => Table.FindByType(type);

    internal static ManifestEntry? FindByManifest(string manifest) => Table.FindByManifest(manifest);
}
