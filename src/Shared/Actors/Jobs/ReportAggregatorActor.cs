using Akka.Actor;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Actors.Jobs;

/// <summary>
/// Collects a job's plans and rows, streams them with progress to every follower, and builds the report
/// when the coordinator says the job is complete. Its state is also what a late follower of a cluster job catches up
/// from (<see cref="CatchUpRequest"/>), so nobody else keeps the job's event history.
/// </summary>
public sealed class ReportAggregatorActor : ReceiveActor
{
    private readonly string _jobId;
    private readonly string _reporter;
    private readonly HashSet<IActorRef> _followers = [];
    private JobState _state;
    private JobRecovered? _recovered;
    private bool _published;
    private JobFinished? _finished;

    public ReportAggregatorActor(string jobId, int entryCount, string reporter, IActorRef? follower = null)
    {
        _jobId = jobId;
        if (follower is not null)
        {
            _followers.Add(follower);
        }

        _reporter = reporter;
        _state = JobState.Empty(entryCount);

        Receive<FollowJob>(_ => Follow(Sender));
        Receive<CatchUpRequest>(request =>
            Sender.Tell(new CatchUp(request.Follower, JobCatchUp.Events(_jobId, _state, _recovered, _published, _finished))));
        Receive<EntryPlanned>(e => Publish(e));
        Receive<TagRowFinished>(e => Publish(e));
        Receive<JobCompleted>(Complete);
        Receive<JobRecovered>(recovered =>
        {
            // Rows finished before a restart belong to the report but are not shown again as live lines.
            _state = JobState.From(entryCount, recovered.Plans, recovered.Rows);
            _recovered ??= recovered;
            _published = true;
            foreach (var f in _followers)
            {
                f.Tell(recovered);
                f.Tell(_state.Progress(_jobId));
            }
        });
    }

    // Progress from the start, before anything is planned, and in every catch-up from then on: a follower (the
    // cluster's event hub, and through it an HTTP follower) has an answer at once, which tells it the job is alive
    // even while planning takes a while.
    protected override void PreStart()
    {
        _published = true;
        foreach (var f in _followers)
        {
            f.Tell(_state.Progress(_jobId));
        }
    }

    private void Follow(IActorRef follower)
    {
        if (_finished is not null)
        {
            follower.Tell(_finished);
            return;
        }

        _followers.Add(follower);
        Context.Watch(follower);
    }

    private void Publish(IWithJobId evt)
    {
        _state = _state.Apply(evt);
        _published = true;
        foreach (var f in _followers)
        {
            f.Tell(evt);
            f.Tell(_state.Progress(_jobId));
        }
    }

    private void Complete(JobCompleted completed)
    {
        _state = _state.Apply(completed);
        _finished = new JobFinished(_jobId, _state.Report(_reporter));
        foreach (var f in _followers)
        {
            f.Tell(_finished);
        }
    }
}
