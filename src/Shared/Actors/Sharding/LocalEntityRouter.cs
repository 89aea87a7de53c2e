using Akka.Actor;
using Akka.Cluster.Sharding;

namespace FluxMirror.Actors.Sharding;

/// <summary>
/// The embedded stand-in for a shard region (tag copies, host limiters, blob ledgers): routes with the region's own message extractor to one child per
/// entity id, created on first message, and stops a child that asks to passivate.
/// </summary>
public sealed class LocalEntityRouter : ReceiveActor
{
    public LocalEntityRouter(IMessageExtractor extractor, Func<string, Props> entityProps)
    {
        Receive<Passivate>(passivate => Sender.Tell(passivate.StopMessage));
        ReceiveAny(message =>
        {
            if (extractor.EntityId(message) is not { } id)
            {
                Unhandled(message);
                return;
            }

            var name = Uri.EscapeDataString(id);
            var child = Context.Child(name);
            if (child.IsNobody())
            {
                child = Context.ActorOf(entityProps(id), name);
            }

            child.Forward(extractor.EntityMessage(message));
        });
    }
}
