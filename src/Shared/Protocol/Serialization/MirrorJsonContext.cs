using System.Text.Json.Serialization;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Protocol.Serialization;

/// <summary>
/// Source-generated JSON metadata of every mirror message (nested records and enums come along).
/// <list type="bullet">
/// <item>Computed get-only members (<c>EntityId</c>, <c>SourceRef</c>, <c>Status</c> …) are never written:
/// they are derived again on the receiving side.</item>
/// <item>Nullable annotations and constructor parameters without a default are enforced on read, so a
/// truncated or older payload fails loudly instead of yielding a null or a zero. A field added to a
/// persisted record must therefore get a default value.</item>
/// <item>Unknown members are skipped, so a newer node may send a field an older node ignores.</item>
/// </list>
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    IgnoreReadOnlyProperties = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(IsoDurationJsonConverter)])]
// Tag copy
[JsonSerializable(typeof(RunTagAttempt))]
[JsonSerializable(typeof(TagAttemptSucceeded))]
[JsonSerializable(typeof(TagAttemptFailed))]
// Job
[JsonSerializable(typeof(EntryPlanned))]
[JsonSerializable(typeof(TagRowFinished))]
[JsonSerializable(typeof(JobCompleted))]
[JsonSerializable(typeof(JobProgress))]
[JsonSerializable(typeof(JobFinished))]
[JsonSerializable(typeof(FollowJob))]
[JsonSerializable(typeof(JobRecovered))]
[JsonSerializable(typeof(TagDispatched))]
[JsonSerializable(typeof(JobSnapshot))]
[JsonSerializable(typeof(JobCancelled))]
[JsonSerializable(typeof(FollowAck))]
[JsonSerializable(typeof(FollowDropped))]
// Job index
[JsonSerializable(typeof(JobSubmitted))]
[JsonSerializable(typeof(JobClosed))]
[JsonSerializable(typeof(FindUnfinishedJob))]
[JsonSerializable(typeof(UnfinishedJob))]
[JsonSerializable(typeof(ListJobs))]
[JsonSerializable(typeof(JobList))]
[JsonSerializable(typeof(JobIndexSnapshot))]
[JsonSerializable(typeof(JobsExpired))]
// Rate limit
[JsonSerializable(typeof(LeasePermits))]
[JsonSerializable(typeof(PermitsLeased))]
[JsonSerializable(typeof(ReturnPermits))]
[JsonSerializable(typeof(HostThrottled))]
[JsonSerializable(typeof(HostPaused))]
[JsonSerializable(typeof(LeaseTokens))]
[JsonSerializable(typeof(TokensLeased))]
[JsonSerializable(typeof(ReturnTokens))]
[JsonSerializable(typeof(ReleaseSparePermits))]
[JsonSerializable(typeof(GetHostLimit))]
[JsonSerializable(typeof(SetHostLimit))]
[JsonSerializable(typeof(HostLimitState))]
// Cluster jobs
[JsonSerializable(typeof(SubmitJob))]
[JsonSerializable(typeof(JobAccepted))]
[JsonSerializable(typeof(JobRejected))]
[JsonSerializable(typeof(GetJobSpec))]
[JsonSerializable(typeof(CancelJob))]
[JsonSerializable(typeof(JobCancelAnswered))]
[JsonSerializable(typeof(JobSpec))]
[JsonSerializable(typeof(JobManagerSnapshot))]
// Blob ledger
[JsonSerializable(typeof(ClaimBlob))]
[JsonSerializable(typeof(BlobClaimAnswered))]
[JsonSerializable(typeof(SettleBlob))]
[JsonSerializable(typeof(ForgetBlobs))]
[JsonSerializable(typeof(BlobPlaced))]
[JsonSerializable(typeof(BlobsForgotten))]
[JsonSerializable(typeof(BlobLedgerSnapshot))]
internal sealed partial class MirrorJsonContext : JsonSerializerContext;
