using Akka.Actor;
using Akka.Persistence;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Actors.Jobs;

/// <summary>Replays one job's journal (read only; a running job keeps writing undisturbed), completes the
/// promise with the state it folds to, then stops. Local only: it holds a TaskCompletionSource.</summary>
public sealed class JobJournalReader : ReceivePersistentActor
{
    private readonly string _jobId;
    private JobState _state;

    public JobJournalReader(string jobId, int entryCount, TaskCompletionSource<JobState> done)
    {
        _jobId = jobId;
        _state = JobState.Empty(entryCount);
        // One fold for snapshots and events alike: JobState.Apply knows every journaled type.
        Recover<SnapshotOffer>(offer => _state = _state.Apply(offer.Snapshot));
        Recover<IWithJobId>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            done.TrySetResult(_state);
            Context.Stop(Self);
        });
    }

    public override string PersistenceId => JobIds.PersistenceId(_jobId);

    /// <summary>The details <c>job show</c> prints, read from the job's journal.</summary>
    public static async Task<JobDetails> ReadDetailsAsync(IActorRefFactory actors, JobSummary job, TimeSpan timeout, CancellationToken ct) =>
        JobDetails.From(job, await ReadStateAsync(actors, job, timeout, ct));

    /// <summary>What the job's journal folds to (with <see cref="JobState.Completed"/> once the job is complete).</summary>
    public static async Task<JobState> ReadStateAsync(IActorRefFactory actors, JobSummary job, TimeSpan timeout, CancellationToken ct)
    {
        var done = new TaskCompletionSource<JobState>(TaskCreationOptions.RunContinuationsAsynchronously);
        actors.ActorOf(Props.Create(() => new JobJournalReader(job.Job.JobId, job.Job.EntryCount, done)));
        return await done.Task.WaitAsync(timeout, ct);
    }
}
