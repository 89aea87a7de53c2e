namespace FluxMirror.Coordinator.Cli;

/// <summary>
/// Cobra's completion directives, with cobra's values: the last line of <c>__complete</c> output is <c>:N</c>, read by
/// our shell scripts and by the Flux CLI, which asks a plugin for completions with the same protocol.
/// </summary>
[Flags]
public enum ShellCompDirective
{
    /// <summary>Use the candidates; with none, let the shell complete file names.</summary>
    Default = 0,
    Error = 1,
    NoSpace = 2,
    NoFileComp = 4,

    /// <summary>The candidates are file extensions to filter file names by.</summary>
    FilterFileExt = 8,

    /// <summary>Complete directory names only.</summary>
    FilterDirs = 16,
    KeepOrder = 32,
}
