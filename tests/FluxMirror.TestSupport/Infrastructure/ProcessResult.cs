namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>Outcome of a finished child process.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Both streams, for assertion messages when a tool fails.</summary>
    public string CombinedOutput => StandardOutput + StandardError;
}
