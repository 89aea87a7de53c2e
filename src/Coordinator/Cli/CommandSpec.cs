namespace FluxMirror.Coordinator.Cli;

/// <summary>A sub-command: its usage line, help text, flags and handler.</summary>
public sealed record CommandSpec(
    string Name,
    string Use,
    string Short,
    string Long,
    IReadOnlyList<Flag> Flags,
    int MaxPositionals,
    Func<ParsedArgs, CancellationToken, Task<int>> Run)
{
    /// <summary>The first positional's fixed values (sub-verbs, shells) for shell completion; empty = complete files, as cobra.</summary>
    public IReadOnlyList<string> ValidArgs { get; init; } = [];

    /// <summary>
    /// Why the global --timeout does not apply to this command (it waits on nothing, or runs until stopped); null when
    /// it does. Given anyway, it is refused rather than ignored, and completion does not offer it.
    /// </summary>
    public string? TimeoutRefusal { get; init; }

    /// <summary>Not listed in help or offered by completion (cobra's hidden <c>__complete</c>).</summary>
    public bool Hidden { get; init; }
}
