using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Shared.Protocol;

namespace FluxMirror.Worker.RateLimit;

/// <summary>The embedded stand-in for the host-limiter shard region: one limiter child per registry host.</summary>
public sealed class HostLimiterRouter : ReceiveActor
{
    public HostLimiterRouter(int maxConcurrentPerHost)
    {
        Receive<IWithHost>(msg =>
        {
            var name = Uri.EscapeDataString(msg.Host);
            var child = Context.Child(name);
            if (child.IsNobody())
            {
                child = Context.ActorOf(Props.Create(() => new HostLimiterActor(msg.Host, maxConcurrentPerHost)), name);
            }

            child.Forward(msg);
        });
    }
}

/// <summary>Default request budget: requests in flight per registry host across the whole job or cluster (tags × blobs).</summary>
public static class HostLimits
{
    public const int DefaultMaxRequestsPerHost = 32;
}

/// <summary>Registry key of the host-limiter region (a local router or a shard region).</summary>
public sealed class HostLimiterRegion
{
}

public static class HostLimiterRouterRegistration
{
    public static AkkaConfigurationBuilder AddLocalHostLimiters(this AkkaConfigurationBuilder builder, int maxConcurrentPerHost) =>
        builder.WithActors((system, registry) =>
            registry.Register<HostLimiterRegion>(system.ActorOf(Props.Create(() => new HostLimiterRouter(maxConcurrentPerHost)), "host-limiters")));
}
