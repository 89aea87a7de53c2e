using System.Collections.Concurrent;
using Akka.Actor;

namespace FluxMirror.Tests.Unit.Actors.RateLimit;

/// <summary>
/// Sits between one gate and the limiters and logs every message either way, so a test can see the
/// protocol a gate and its limiter actually speak.
/// </summary>
internal sealed class MessageRelay : ReceiveActor
{
    private IActorRef _gate = ActorRefs.Nobody;

    public MessageRelay(IActorRef limiters, ConcurrentQueue<object> log)
    {
        ReceiveAny(message =>
        {
            log.Enqueue(message);
            // Replies come from the limiter of the host, a child of the limiters' router.
            if (Sender.Path.ToString().StartsWith(limiters.Path.ToString(), StringComparison.Ordinal))
            {
                _gate.Tell(message, Self);
            }
            else
            {
                _gate = Sender;
                limiters.Tell(message, Self);
            }
        });
    }
}
