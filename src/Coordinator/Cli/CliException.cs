namespace FluxMirror.Coordinator.Cli;

/// <summary>A user-facing failure: printed as one <c>✗ message</c> line (when the message is not empty) with its exit code.</summary>
public class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
