using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Event;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Actors.JobManagement;

/// <summary>A refused submission or follow; the message is the user-facing one-liner.</summary>
/// <param name="busy">Refused only because the cluster runs as many jobs as it may (try again later).</param>
public sealed class JobRejectedException(string message, bool busy = false) : Exception(message)
{
    public bool Busy { get; } = busy;
}

/// <summary>Talks to the job manager singleton (through its proxy) from any node: submit, follow, list.</summary>
public sealed class JobManagerClient(ActorSystem system, IActorRef jobManager)
{
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    // A quarter of the hub's window: the hub refills it while the reader works through the rest.
    private const int AckEvery = JobEventHub.Window / 4;

    public async Task<JobAccepted> SubmitAsync(SubmitJob submit, CancellationToken ct)
    {
        // The singleton may live on another node: a submission too large to get there would only time out.
        if (RemotingLimit.Problem(system, submit, "submission") is { } tooLarge)
        {
            throw new JobRejectedException(tooLarge);
        }

        return await jobManager.Ask<object>(submit, AskTimeout, ct) switch
        {
            JobAccepted accepted => accepted,
            JobRejected rejected => throw new JobRejectedException(rejected.Error, rejected.Busy),
            var other => throw new JobRejectedException($"unexpected answer {other.GetType().Name} from the job manager"),
        };
    }

    /// <summary>Cancels a running job (see <see cref="CancelJob"/>).</summary>
    /// <exception cref="JobRejectedException">The job is not running.</exception>
    public async Task<JobCancelAnswered> CancelAsync(string jobId, string reason, CancellationToken ct) =>
        await jobManager.Ask<object>(new CancelJob(jobId, reason), AskTimeout, ct) switch
        {
            JobCancelAnswered answered => answered,
            JobRejected rejected => throw new JobRejectedException(rejected.Error),
            var other => throw new JobRejectedException($"unexpected answer {other.GetType().Name} from the job manager"),
        };

    public async Task<JobList> ListAsync(CancellationToken ct) => await jobManager.Ask<JobList>(ListJobs.Instance, AskTimeout, ct);

    /// <summary>
    /// Every event of the job from its start (a catch-up from the job's state), then live ones, ending with
    /// <see cref="JobFinished"/>. The stream ends early, without it, when the job's hub goes away or drops this follower
    /// for falling behind (logged on this node); following again catches up.
    /// </summary>
    /// <exception cref="JobRejectedException">The job is not running, or (<see cref="JobRejectedException.Busy"/>) it or
    /// the coordinator has as many followers as it serves.</exception>
    public async IAsyncEnumerable<IWithJobId> FollowAsync(string jobId, [EnumeratorCancellation] CancellationToken ct)
    {
        // The hub sends at most a window of events before they are acknowledged, so this channel never fills up; a
        // reader that stops reading stops acknowledging, and its backlog waits (bounded) at the hub, not here.
        var channel = Channel.CreateBounded<object>(new BoundedChannelOptions(JobEventHub.Window + 2) { SingleReader = true, SingleWriter = true });
        var listener = system.ActorOf(Props.Create(() => new ChannelActor(channel.Writer)));
        try
        {
            jobManager.Tell(new FollowJob(jobId), listener);
            var unacknowledged = 0;
            await foreach (var message in channel.Reader.ReadAllAsync(ct))
            {
                switch (message)
                {
                    case JobRejected rejected:
                        throw new JobRejectedException(rejected.Error, rejected.Busy);
                    case FollowDropped dropped:
                        system.Log.Warning("a follower of job {JobId} was dropped: {Reason}", jobId, dropped.Reason);
                        yield break;
                    case JobFinished finished:
                        yield return finished;
                        yield break;
                    case IWithJobId evt:
                        yield return evt;
                        // Runs once the caller asks for the next event, so the previous one has been handed on.
                        if (++unacknowledged == AckEvery)
                        {
                            listener.Tell(new FollowAck(jobId, unacknowledged));
                            unacknowledged = 0;
                        }

                        break;
                }
            }
        }
        finally
        {
            system.Stop(listener);
        }
    }

    /// <summary>
    /// Writes what the job's event hub sends into the channel, passes the reader's acknowledgements back to the hub,
    /// and ends the channel when the hub goes away (its node left or died) or ends this follow: the follower then
    /// knows to follow the job again instead of waiting forever.
    /// </summary>
    private sealed class ChannelActor : ReceiveActor
    {
        public ChannelActor(ChannelWriter<object> writer)
        {
            IActorRef? hub = null;
            Receive<Terminated>(_ => writer.TryComplete());
            Receive<FollowAck>(ack => hub?.Tell(ack));
            ReceiveAny(m =>
            {
                if (hub is null && !Sender.IsNobody() && !Sender.Equals(Context.System.DeadLetters))
                {
                    hub = Sender;
                    Context.Watch(Sender);
                }

                // Within the window a write always fits; if the hub ever overran it, end the stream rather than buffer.
                if (!writer.TryWrite(m) || m is FollowDropped or JobRejected)
                {
                    writer.TryComplete();
                    Context.Stop(Self);
                }
            });
        }
    }
}
