using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace FluxMirror.Hosting.Logging;

/// <summary>How a node writes its logs on stdout.</summary>
public enum NodeLogFormat
{
    /// <summary>One JSON object per line (Microsoft.Extensions.Logging's JSON console formatter): the default for nodes.</summary>
    Json,

    /// <summary>One readable line per event, for a terminal.</summary>
    Text,
}

/// <summary>
/// The console logging of cluster nodes (coordinator, worker). Akka's own events reach it through Akka.Hosting's
/// logger bridge, so Akka and ASP.NET write one format. The CLI's embedded <c>sync</c> never uses this: it keeps
/// the reference's text. Each JSON line has Timestamp, LogLevel, Category, Message, State (the structured
/// properties, e.g. JobId and Tag) and Scopes.
/// </summary>
public static class NodeLogging
{
    public const string FormatVariable = "FLUX_MIRROR_LOG_FORMAT";

    /// <summary><c>json</c> (default) or <c>text</c>; anything else is refused, never ignored.</summary>
    public static NodeLogFormat FormatFromEnvironment(Func<string, string?> getEnv)
    {
        var text = getEnv(FormatVariable)?.Trim();
        return text?.ToLowerInvariant() switch
        {
            null or "" or "json" => NodeLogFormat.Json,
            "text" => NodeLogFormat.Text,
            _ => throw new ArgumentException($"{FormatVariable} must be \"json\" or \"text\", got \"{text}\""),
        };
    }

    /// <summary>Replaces the console providers with the node's format. Akka filters its own events by the node's
    /// Akka log level before they get here; ASP.NET and other framework categories are kept to warnings.</summary>
    public static ILoggingBuilder AddNodeConsole(this ILoggingBuilder logging, NodeLogFormat format)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System", LogLevel.Warning);
        if (format == NodeLogFormat.Json)
        {
            logging.AddJsonConsole(ConfigureJson);
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }

        return logging;
    }

    public static void ConfigureJson(JsonConsoleFormatterOptions o)
    {
        o.IncludeScopes = true;
        o.UseUtcTimestamp = true;
        o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        // One line per event, and no \u-escapes of '+' or '<' in messages that quote URLs and addresses.
        o.JsonWriterOptions = new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    }
}
