using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace FluxMirror.Actors.Nodes;

/// <summary>Akka's own warnings go to stderr, never stdout: stdout carries the report in -o json|yaml.</summary>
public sealed class StderrAkkaLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public StderrAkkaLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => Console.Error.WriteLine($"[{e.LogLevel().ToString().Replace("Level", string.Empty, StringComparison.Ordinal).ToLowerInvariant()}] {e.LogSource}: {e.Message}{(e.Cause is null ? string.Empty : " — " + e.Cause.Message)}"));
    }
}
