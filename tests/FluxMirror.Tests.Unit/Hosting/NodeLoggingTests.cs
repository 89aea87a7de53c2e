using System.Text.Json;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using FluxMirror.Actors.Nodes;
using FluxMirror.Hosting.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace FluxMirror.Tests.Unit.Hosting;

public sealed class NodeLoggingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, NodeLogFormat.Json)]
    [InlineData("", NodeLogFormat.Json)]
    [InlineData("json", NodeLogFormat.Json)]
    [InlineData(" TEXT ", NodeLogFormat.Text)]
    public void The_format_is_json_unless_text_is_asked_for(string? value, NodeLogFormat expected) =>
        Assert.Equal(expected, NodeLogging.FormatFromEnvironment(_ => value));

    [Fact]
    public void Another_format_is_refused_by_name()
    {
        var ex = Assert.Throws<ArgumentException>(() => NodeLogging.FormatFromEnvironment(_ => "xml"));

        Assert.Equal("FLUX_MIRROR_LOG_FORMAT must be \"json\" or \"text\", got \"xml\"", ex.Message);
    }

    [Fact]
    public void A_json_line_has_level_category_message_state_and_scopes()
    {
        var formatter = JsonFormatter();
        var scopes = new LoggerExternalScopeProvider();
        using var scope = scopes.Push(new Dictionary<string, object> { ["JobId"] = "job-42", ["Tag"] = "1.2.3" });
        using var writer = new StringWriter();

        formatter.Write(
            new LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(LogLevel.Warning, "FluxMirror.Test", default, [new("Host", "registry.example"), new("{OriginalFormat}", "slow <{Host}>")], null, (_, _) => "slow <registry.example>"),
            scopes,
            writer);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        Assert.Equal("Warning", line.GetProperty("LogLevel").GetString());
        Assert.Equal("FluxMirror.Test", line.GetProperty("Category").GetString());
        Assert.Equal("slow <registry.example>", line.GetProperty("Message").GetString());
        Assert.Equal("registry.example", line.GetProperty("State").GetProperty("Host").GetString());
        var jobScope = Assert.Single(line.GetProperty("Scopes").EnumerateArray());
        Assert.Equal("job-42", jobScope.GetProperty("JobId").GetString());
        Assert.Equal("1.2.3", jobScope.GetProperty("Tag").GetString());
        Assert.EndsWith("Z", line.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
        Assert.Contains("slow <registry.example>", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Akka_events_reach_the_host_loggers_as_json_with_their_template_properties()
    {
        var capture = new JsonCapture(JsonFormatter(), "job-7");
        using var host = new HostBuilder()
            .ConfigureLogging(l => l.ClearProviders().AddProvider(capture))
            .ConfigureServices(s => s.AddAkka("logging-test", b => b.ConfigureLoggers(l => l.ToHostLoggerFactory(Akka.Event.LogLevel.InfoLevel))))
            .Build();
        await host.StartAsync(Ct);
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            system.Log.Warning("tag copy {Tag} of job {JobId} failed", "1.2.3", "job-7");

            var line = JsonDocument.Parse(await capture.Line.WaitAsync(TimeSpan.FromSeconds(10), Ct)).RootElement;
            Assert.Equal("Warning", line.GetProperty("LogLevel").GetString());
            Assert.Equal("tag copy 1.2.3 of job job-7 failed", line.GetProperty("Message").GetString());
            Assert.Equal("job-7", line.GetProperty("State").GetProperty("JobId").GetString());
            Assert.Equal("1.2.3", line.GetProperty("State").GetProperty("Tag").GetString());
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static ConsoleFormatter JsonFormatter()
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddNodeConsole(NodeLogFormat.Json));
        return services.BuildServiceProvider().GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);
    }

    /// <summary>A logger provider that formats with the node's JSON formatter into memory instead of the console,
    /// and hands over the first line that contains <paramref name="marker"/>.</summary>
    private sealed class JsonCapture(ConsoleFormatter formatter, string marker) : ILoggerProvider
    {
        private readonly TaskCompletionSource<string> _line = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly string _marker = marker;

        public Task<string> Line => _line.Task;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(JsonCapture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> format)
            {
                using var writer = new StringWriter();
                owner.Format(new LogEntry<TState>(logLevel, category, eventId, state, exception, format), writer);
                var line = writer.ToString().Trim();
                if (line.Contains(owner._marker, StringComparison.Ordinal))
                {
                    owner._line.TrySetResult(line);
                }
            }
        }

        private void Format<TState>(LogEntry<TState> entry, TextWriter writer) => formatter.Write(entry, new LoggerExternalScopeProvider(), writer);
    }
}
