using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Protocol.Limits;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Routing;

namespace FluxMirror.Actors.RateLimit;

/// <summary>The embedded stand-in for the host-limiter shard region: one limiter child per registry host.</summary>
public sealed class HostLimiterRouter : ReceiveActor
{
    public HostLimiterRouter(HostLimits limits)
    {
        Receive<IWithHost>(msg =>
        {
            var name = Uri.EscapeDataString(msg.Host);
            var child = Context.Child(name);
            if (child.IsNobody())
            {
                var limit = limits.For(msg.Host);
                child = Context.ActorOf(Props.Create(() => new HostLimiterActor(msg.Host, limit)), name);
            }

            child.Forward(msg);
        });
    }
}

public static class HostLimiterRouterRegistration
{
    public static AkkaConfigurationBuilder AddLocalHostLimiters(this AkkaConfigurationBuilder builder, HostLimits limits) =>
        builder.WithActors((system, registry) =>
            registry.Register<HostLimiterRegion>(system.ActorOf(Props.Create(() => new HostLimiterRouter(limits)), "host-limiters")));
}
