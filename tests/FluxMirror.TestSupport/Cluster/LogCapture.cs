using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;

namespace FluxMirror.TestSupport.Cluster;

/// <summary>Every log event of a node while it is alive (all levels its logger publishes), as text.</summary>
public sealed class LogCapture : IDisposable
{
    private readonly ActorSystem _system;
    private readonly IActorRef _listener;
    private readonly ConcurrentQueue<string> _lines = new();

    public LogCapture(ActorSystem system)
    {
        _system = system;
        _listener = system.ActorOf(Props.Create(() => new Listener(_lines)));
        system.EventStream.Subscribe(_listener, typeof(LogEvent));
    }

    public IReadOnlyCollection<string> Lines => _lines;

    public void Dispose()
    {
        _system.EventStream.Unsubscribe(_listener);
        _system.Stop(_listener);
    }

    private sealed class Listener : ReceiveActor
    {
        public Listener(ConcurrentQueue<string> lines) => Receive<LogEvent>(e => lines.Enqueue(e.ToString()));
    }
}
