using Akka.Actor;
using FluxMirror.Registry.Model;

namespace FluxMirror.Actors.RateLimit;

/// <summary>
/// The registry client's gate backed by the host limiters: every HTTP request waits for a permit from this
/// node's <see cref="HostGateActor"/>. Tells only — no Ask on the request path.
/// </summary>
public sealed class ActorHostGate(IActorRef gateActor) : IHostRequestGate
{
    public async ValueTask<IDisposable> EnterAsync(string host, CancellationToken ct)
    {
        var permit = new TaskCompletionSource<IDisposable>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = ct.Register(() => permit.TrySetCanceled(ct));
        gateActor.Tell(new HostGateActor.Enter(host, permit));
        return await permit.Task.ConfigureAwait(false);
    }

    public void ReportThrottled(string host, TimeSpan retryAfter) => gateActor.Tell(new HostGateActor.Throttled(host, retryAfter));

    public void ReportOutcome(string host, bool ok) => gateActor.Tell(new HostGateActor.Outcome(host, ok));
}
