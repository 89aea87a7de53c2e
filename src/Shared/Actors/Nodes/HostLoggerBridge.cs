using System.Collections;
using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Dispatch;
using Akka.Event;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MelLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// Akka's log events into the host's ILoggerFactory, category = the logging class, message = the event's own text,
/// state = the template's named properties (JobId, Tag, …) plus LogSource. Akka.Hosting's AddLoggerFactory bridge
/// (1.5.73) was tried first: its state type enumerates but is no IReadOnlyCollection, so the JSON console formatter
/// writes an empty State, and its message repeats Akka's "[LEVEL][time][thread][source]" header inside the JSON.
/// </summary>
public sealed class HostLoggerBridge : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly Dictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public HostLoggerBridge()
    {
        var factory = DependencyResolver.For(Context.System).Resolver.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e =>
        {
            var category = e.LogClass?.FullName ?? "Akka";
            if (!_loggers.TryGetValue(category, out var logger))
            {
                _loggers[category] = logger = factory.CreateLogger(category);
            }

            var level = Level(e.LogLevel());
            if (logger.IsEnabled(level))
            {
                logger.Log(level, default, AkkaEventState.Of(e), e.Cause, (state, _) => state.Message);
            }
        });
    }

    private static MelLogLevel Level(Akka.Event.LogLevel level) => level switch
    {
        Akka.Event.LogLevel.DebugLevel => MelLogLevel.Debug,
        Akka.Event.LogLevel.InfoLevel => MelLogLevel.Information,
        Akka.Event.LogLevel.WarningLevel => MelLogLevel.Warning,
        _ => MelLogLevel.Error,
    };
}

/// <summary>One event's text and properties, in the shape MEL formatters enumerate ({OriginalFormat} last, as MEL's own).</summary>
internal sealed class AkkaEventState(string message, IReadOnlyList<KeyValuePair<string, object?>> properties) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public string Message => message;

    public int Count => properties.Count;

    public KeyValuePair<string, object?> this[int index] => properties[index];

    public static AkkaEventState Of(LogEvent e)
    {
        var properties = new List<KeyValuePair<string, object?>> { new("LogSource", e.LogSource) };
        if (e.Message is LogMessage template)
        {
            // Named placeholders only: positional ones ({0}) name nothing a log query could use.
            properties.AddRange(template.GetProperties()
                .Where(p => !int.TryParse(p.Key, out _))
                .Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)));
            properties.Add(new("{OriginalFormat}", template.Format));
        }

        return new AkkaEventState(e.Message is LogMessage m ? m.ToString() ?? "" : e.Message?.ToString() ?? "", properties);
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => message;
}
