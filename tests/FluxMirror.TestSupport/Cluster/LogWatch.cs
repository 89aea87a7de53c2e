using Akka.Actor;
using Akka.Event;

namespace FluxMirror.TestSupport.Cluster;

/// <summary>Completes when a node logs a warning or error containing a given text (subscribed to its event stream).</summary>
public sealed class LogWatch : IDisposable
{
    private readonly ActorSystem _system;
    private readonly IActorRef _listener;
    private readonly TaskCompletionSource<string> _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LogWatch(ActorSystem system, string text)
    {
        _system = system;
        _listener = system.ActorOf(Props.Create(() => new Listener(text, _seen)));
        system.EventStream.Subscribe(_listener, typeof(Warning));
        system.EventStream.Subscribe(_listener, typeof(Error));
    }

    public Task<string> Seen => _seen.Task;

    public void Dispose()
    {
        _system.EventStream.Unsubscribe(_listener);
        _system.Stop(_listener);
    }

    private sealed class Listener : ReceiveActor
    {
        public Listener(string text, TaskCompletionSource<string> seen) =>
            Receive<LogEvent>(e =>
            {
                var line = e.ToString();
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    seen.TrySetResult(line);
                }
            });
    }
}
