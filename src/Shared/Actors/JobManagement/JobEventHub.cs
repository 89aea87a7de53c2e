using Akka.Actor;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Actors.JobManagement;

/// <summary>
/// A cluster job's event log for followers: the aggregator's only follower, it keeps the job's events so a
/// follower who arrives late (a CLI after submitting, an HTTP client, a reconnect) gets them all, in order,
/// then the live ones. Tells its parent when the job finished and stays a while for late followers.
/// </summary>
public sealed class JobEventHub : ReceiveActor
{
    private static readonly TimeSpan KeepAfterFinish = TimeSpan.FromMinutes(5);
    private readonly List<IWithJobId> _history = [];
    private readonly HashSet<IActorRef> _followers = [];
    private JobProgress? _progress;
    private JobFinished? _finished;

    public JobEventHub()
    {
        Receive<FollowJob>(_ => Follow(Sender));
        Receive<JobRecovered>(Record);
        Receive<EntryPlanned>(Record);
        Receive<TagRowFinished>(Record);
        Receive<JobProgress>(progress =>
        {
            _progress = progress;
            Relay(progress);
        });
        Receive<JobFinished>(finished =>
        {
            _finished = finished;
            Relay(finished);
            Context.Parent.Tell(finished);
            Context.SetReceiveTimeout(KeepAfterFinish);
        });
        Receive<Terminated>(t => _followers.Remove(t.ActorRef));
        Receive<ReceiveTimeout>(_ => Context.Stop(Self));
    }

    private void Follow(IActorRef follower)
    {
        foreach (var evt in _history)
        {
            follower.Tell(evt);
        }

        if (_progress is not null)
        {
            follower.Tell(_progress);
        }

        if (_finished is not null)
        {
            follower.Tell(_finished);
            return;
        }

        if (_followers.Add(follower))
        {
            Context.Watch(follower);
        }
    }

    private void Record(IWithJobId evt)
    {
        _history.Add(evt);
        Relay(evt);
    }

    private void Relay(object evt)
    {
        foreach (var follower in _followers)
        {
            follower.Tell(evt);
        }
    }
}
