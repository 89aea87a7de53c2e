using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Actors.Sharding;
using FluxMirror.Protocol.Routing;

namespace FluxMirror.Actors.TagCopy;

/// <summary>
/// The embedded stand-in for the tag-copy shard region: one child per entity id, created on first
/// message and stopped when idle. Same messages and entity ids as the sharded region.
/// </summary>
public static class LocalTagCopyRouterRegistration
{
    public static AkkaConfigurationBuilder AddLocalTagCopyRouter(this AkkaConfigurationBuilder builder, ITagAttemptRunner runner, string worker = "local") =>
        builder.WithActors((system, registry) =>
        {
            var router = system.ActorOf(
                Props.Create(() => new LocalEntityRouter(new TagCopyMessageExtractor(), _ => Props.Create(() => new TagCopyActor(runner, worker)))),
                "tag-copy");
            registry.Register<TagCopyRegion>(router);
        });
}
