using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Routing;

namespace FluxMirror.Actors.TagCopy;

/// <summary>
/// The embedded stand-in for the tag-copy shard region: one child per entity id, created on first
/// message and stopped when idle. Same messages and entity ids as the sharded region.
/// </summary>
public sealed class LocalTagCopyRouter : ReceiveActor
{
    public LocalTagCopyRouter(ITagAttemptRunner runner, string worker)
    {
        Receive<IWithTagEntityId>(msg =>
        {
            var name = Uri.EscapeDataString(msg.EntityId);
            var child = Context.Child(name);
            if (child.IsNobody())
            {
                child = Context.ActorOf(Props.Create(() => new TagCopyActor(runner, worker)), name);
            }

            child.Forward(msg);
        });
        Receive<Passivate>(passivate => Sender.Tell(passivate.StopMessage));
    }
}

public static class LocalTagCopyRouterRegistration
{
    public static AkkaConfigurationBuilder AddLocalTagCopyRouter(this AkkaConfigurationBuilder builder, ITagAttemptRunner runner, string worker = "local") =>
        builder.WithActors((system, registry) =>
        {
            var router = system.ActorOf(Props.Create(() => new LocalTagCopyRouter(runner, worker)), "tag-copy");
            registry.Register<TagCopyRegion>(router);
        });
}
