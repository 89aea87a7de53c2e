using Akka.Actor;

namespace FluxMirror.Actors.RateLimit;

/// <summary>One request's permit: disposing it (once) hands the permit back to the gate.</summary>
internal sealed class HostGatePermit(IActorRef gate, string host) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            gate.Tell(new HostGateActor.Exit(host));
        }
    }
}
