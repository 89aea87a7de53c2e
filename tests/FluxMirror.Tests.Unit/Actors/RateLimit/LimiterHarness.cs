using System.Collections.Concurrent;
using Akka.Actor;
using FluxMirror.Actors.RateLimit;
using FluxMirror.Protocol.Limits;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Tests.Unit.Actors.RateLimit;

/// <summary>A local actor system with one set of host limiters (as the embedded node has) and gates on it.</summary>
internal sealed class LimiterHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private LimiterHarness(ActorSystem system, IActorRef limiters)
    {
        System = system;
        Limiters = limiters;
    }

    public ActorSystem System { get; }

    public IActorRef Limiters { get; }

    public static LimiterHarness Start(HostLimits limits)
    {
        var system = ActorSystem.Create("rate-limit-" + Guid.NewGuid().ToString("N")[..8], "akka.loglevel = WARNING\nakka.stdout-loglevel = OFF\nakka.log-dead-letters = off");
        return new LimiterHarness(system, system.ActorOf(HostLimiterRouter.Props(limits), "host-limiters"));
    }

    /// <summary>A node's gate actor (as the node registers it, unless <paramref name="returnIdleAfter"/> is given) and the request gate the registry client uses.</summary>
    public (IActorRef Actor, ActorHostGate Gate) Gate(string name, TimeSpan? returnIdleAfter = null)
    {
        var props = returnIdleAfter is { } idle
            ? Props.Create(() => new HostGateActor(Limiters, idle))
            : Props.Create(() => new HostGateActor(Limiters));
        var actor = System.ActorOf(props, name);
        return (actor, new ActorHostGate(actor));
    }

    /// <summary>A gate whose traffic with the limiters is logged.</summary>
    public ActorHostGate LoggedGate(string name, ConcurrentQueue<object> log)
    {
        var relay = System.ActorOf(Props.Create(() => new MessageRelay(Limiters, log)), name + "-relay");
        return new ActorHostGate(System.ActorOf(Props.Create(() => new HostGateActor(relay)), name));
    }

    /// <summary>
    /// One request through each gate to a host of its own: the actor system, the gates and the code paths are
    /// started before a test measures time, and the measured host's limiter does not exist yet.
    /// </summary>
    public static async Task WarmUpAsync(IEnumerable<ActorHostGate> gates, CancellationToken ct)
    {
        foreach (var (gate, index) in gates.Select((g, i) => (g, i)))
        {
            using var permit = await gate.EnterAsync($"warm-up-{index}.example", ct).AsTask().WaitAsync(Patience, ct);
        }
    }

    /// <summary>Asks the host's limiter for its state until <paramref name="condition"/> holds (as AwaitAssert would), within <see cref="Patience"/>.</summary>
    public async Task<HostLimitState> AwaitStateAsync(string host, Func<HostLimitState, bool> condition, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Patience);
        while (true)
        {
            var state = await Limiters.Ask<HostLimitState>(new GetHostLimit(host), Patience, deadline.Token);
            if (condition(state))
            {
                return state;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), deadline.Token);
        }
    }

    public async ValueTask DisposeAsync() => await System.Terminate();
}
