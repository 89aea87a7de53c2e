using Akka.Actor;
using Akka.Persistence;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Actors.Jobs;

/// <summary>Replays one job's journal (read only; a running job keeps writing undisturbed), completes the
/// promise with the state it folds to, then stops. A replay that fails (the journal, or the memory to fold a large
/// job) fails the promise at once with <see cref="JobJournalUnreadableException"/>, instead of leaving the caller to
/// its timeout. Local only: it holds a TaskCompletionSource.</summary>
public sealed class JobJournalReader : ReceivePersistentActor
{
    private readonly string _jobId;
    private readonly TaskCompletionSource<JobState> _done;
    private JobState _state;

    public JobJournalReader(string jobId, int entryCount, TaskCompletionSource<JobState> done)
    {
        _jobId = jobId;
        _done = done;
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

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _done.TrySetException(new JobJournalUnreadableException(_jobId, reason));
        base.OnRecoveryFailure(reason, message);
    }

    // Whatever stopped it before the end of the replay, the caller hears of it now.
    protected override void PostStop()
    {
        _done.TrySetException(new JobJournalUnreadableException(_jobId, null));
        base.PostStop();
    }

    /// <summary>The details <c>job show</c> prints, read from the job's journal.</summary>
    public static async Task<JobDetails> ReadDetailsAsync(IActorRefFactory actors, JobSummary job, TimeSpan timeout, CancellationToken ct) =>
        JobDetails.From(job, await ReadStateAsync(actors, job, timeout, ct));

    /// <summary>What the job's journal folds to (with <see cref="JobState.Completed"/> once the job is complete).</summary>
    public static Task<JobState> ReadStateAsync(IActorRefFactory actors, JobSummary job, TimeSpan timeout, CancellationToken ct) =>
        ReadStateAsync(actors, job.Job.JobId, job.Job.EntryCount, timeout, ct);

    /// <summary>What the journal of job <paramref name="jobId"/> folds to. The reader starts before this returns, so an
    /// actor may call it from its own thread (with itself as <paramref name="actors"/>) and pipe the task.</summary>
    public static async Task<JobState> ReadStateAsync(IActorRefFactory actors, string jobId, int entryCount, TimeSpan timeout, CancellationToken ct)
    {
        var done = new TaskCompletionSource<JobState>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = actors.ActorOf(Props.Create(() => new JobJournalReader(jobId, entryCount, done)));
        try
        {
            return await done.Task.WaitAsync(timeout, ct);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Nobody waits for it any more: a large job's replay must not go on holding its memory (and a retrying
            // client must not stack such replays).
            reader.Tell(PoisonPill.Instance);
            throw;
        }
    }
}

/// <summary>A job's journal could not be replayed; the message names the job and the cause's kind, never its data.</summary>
public sealed class JobJournalUnreadableException(string jobId, Exception? cause)
    : Exception($"the journal of job {jobId} could not be read{(cause is null ? string.Empty : $" ({cause.GetType().Name})")}", cause);
