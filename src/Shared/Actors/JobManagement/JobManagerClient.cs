using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Akka.Actor;
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

    public async Task<JobList> ListAsync(CancellationToken ct) => await jobManager.Ask<JobList>(ListJobs.Instance, AskTimeout, ct);

    /// <summary>Every event of the job from its start (replayed), then live ones, ending with <see cref="JobFinished"/>.</summary>
    public async IAsyncEnumerable<IWithJobId> FollowAsync(string jobId, [EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var listener = system.ActorOf(Props.Create(() => new ChannelActor(channel.Writer)));
        try
        {
            jobManager.Tell(new FollowJob(jobId), listener);
            await foreach (var message in channel.Reader.ReadAllAsync(ct))
            {
                switch (message)
                {
                    case JobRejected rejected:
                        throw new JobRejectedException(rejected.Error);
                    case JobFinished finished:
                        yield return finished;
                        yield break;
                    case IWithJobId evt:
                        yield return evt;
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
    /// Writes what the job's event hub sends into the channel, and ends it when the hub goes away (its node
    /// left or died): the follower then knows to follow the job again instead of waiting forever.
    /// </summary>
    private sealed class ChannelActor : ReceiveActor
    {
        public ChannelActor(ChannelWriter<object> writer)
        {
            var watching = false;
            Receive<Terminated>(_ => writer.TryComplete());
            ReceiveAny(m =>
            {
                if (!watching && !Sender.IsNobody() && !Sender.Equals(Context.System.DeadLetters))
                {
                    watching = true;
                    Context.Watch(Sender);
                }

                writer.TryWrite(m);
            });
        }
    }
}
