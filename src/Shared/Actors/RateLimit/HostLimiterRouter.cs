using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Actors.Sharding;
using FluxMirror.Protocol.Limits;
using FluxMirror.Protocol.Routing;

namespace FluxMirror.Actors.RateLimit;

/// <summary>The embedded stand-in for the host-limiter shard region: one limiter child per registry host.</summary>
public static class HostLimiterRouter
{
    public static Props Props(HostLimits limits) =>
        Akka.Actor.Props.Create(() => new LocalEntityRouter(
            new HostLimiterMessageExtractor(),
            host => Akka.Actor.Props.Create(() => new HostLimiterActor(host, limits.For(host)))));
}

public static class HostLimiterRouterRegistration
{
    public static AkkaConfigurationBuilder AddLocalHostLimiters(this AkkaConfigurationBuilder builder, HostLimits limits) =>
        builder.WithActors((system, registry) =>
            registry.Register<HostLimiterRegion>(system.ActorOf(HostLimiterRouter.Props(limits), "host-limiters")));
}
