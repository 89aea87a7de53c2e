namespace FluxMirror.Coordinator.Cli;

/// <summary>A sub-command: its usage line, help text, flags and handler.</summary>
public sealed record CommandSpec(
    string Name,
    string Use,
    string Short,
    string Long,
    IReadOnlyList<Flag> Flags,
    int MaxPositionals,
    Func<ParsedArgs, CancellationToken, Task<int>> Run);
