namespace FluxMirror.Coordinator.Cli;

/// <summary>The process's streams, injectable so tests run commands in-process and read what they print.</summary>
public sealed record CliConsole(TextWriter Stdout, TextWriter Stderr, Func<Stream> OpenStdin, bool StderrIsTerminal)
{
    public static CliConsole System { get; } = new(
        global::System.Console.Out,
        global::System.Console.Error,
        global::System.Console.OpenStandardInput,
        !global::System.Console.IsErrorRedirected);
}
