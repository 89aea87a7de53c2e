using FluxMirror.Domain.Config;
using FluxMirror.Domain.Mirroring;

namespace FluxMirror.Protocol.Messages;

/// <summary>
/// Submit a job to the cluster's job manager: the config text as written (before <c>${VAR}</c> substitution,
/// which every node does with its own environment), answered with <see cref="JobAccepted"/> or <see cref="JobRejected"/>.
/// </summary>
/// <param name="ConfigDigest">Identity of the config and shaping flags; an unfinished job with the same digest is resumed.</param>
/// <param name="Fresh">Always start a new job, even when an unfinished one has the same digest.</param>
public sealed record SubmitJob(string ConfigText, string ConfigSource, string ConfigDigest, JobOptions Options, bool NoEnvSubst, bool Fresh = false) : IMirrorMessage;

/// <summary>The job runs (or already ran unfinished and continues: <paramref name="Resumed"/>).</summary>
public sealed record JobAccepted(string JobId, bool Resumed) : IWithJobId;

/// <summary>The submission or query was refused; <paramref name="Error"/> is the user-facing one-liner.</summary>
/// <param name="Busy">Refused only because the cluster runs as many jobs as it may: the same submission can succeed later.</param>
public sealed record JobRejected(string Error, bool Busy = false) : IMirrorMessage;

/// <summary>
/// An operator cancels a running job (<c>flux-mirror job cancel ID</c>): no tag copy starts any more, and every tag not
/// finished yet is reported failed with "job cancelled: <paramref name="Reason"/>". Answered with <see cref="JobCancelAnswered"/>
/// or, when the job is not running, <see cref="JobRejected"/>.
/// </summary>
public sealed record CancelJob(string JobId, string Reason) : IWithJobId;

/// <summary>The job is being cancelled; <paramref name="AlreadyEnding"/> when it was cancelled or was finishing already.</summary>
public sealed record JobCancelAnswered(string JobId, bool AlreadyEnding) : IWithJobId;

/// <summary>A worker asks for a running job's spec the first time it sees the job id; answered with <see cref="JobSpec"/> or <see cref="JobRejected"/>.</summary>
public sealed record GetJobSpec(string JobId) : IWithJobId;

/// <summary>What a node needs to build a job's runtime. Also the job manager's journaled record of a running job.</summary>
public sealed record JobSpec(string JobId, string ConfigText, JobOptions Options, bool NoEnvSubst, string ConfigDigest = "", string ConfigSource = "") : IWithJobId;

/// <summary>The job manager's snapshot: the specs of the jobs still running. Saved whenever a job closes, so a finished
/// job's spec (its config text) leaves the journal with the events the snapshot covers.</summary>
public sealed record JobManagerSnapshot(IReadOnlyList<JobSpec> Running) : IMirrorMessage;
