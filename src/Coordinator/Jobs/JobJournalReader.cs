using Akka.Actor;
using Akka.Persistence;
using FluxMirror.Shared.Protocol;

namespace FluxMirror.Coordinator.Jobs;

/// <summary>Replays one job's journal (read only), completes the promise with the recovered state, then stops.
/// Local only: it holds a TaskCompletionSource.</summary>
public sealed class JobJournalReader : ReceivePersistentActor
{
    private readonly string _jobId;
    private readonly TaskCompletionSource<JobRecovered> _done;
    private JobState _state;

    public JobJournalReader(string jobId, int entryCount, TaskCompletionSource<JobRecovered> done)
    {
        _jobId = jobId;
        _done = done;
        _state = JobState.Empty(entryCount);
        // One fold for snapshots and events alike: JobState.Apply knows every journaled type.
        Recover<SnapshotOffer>(offer => _state = _state.Apply(offer.Snapshot));
        Recover<IWithJobId>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            _done.TrySetResult(new JobRecovered(_jobId, _state.OrderedPlans(), _state.OrderedRows()));
            Context.Stop(Self);
        });
    }

    public override string PersistenceId => "job-" + _jobId;
}
