namespace FluxMirror.Coordinator.Cli;

/// <summary>One shell completion: the text to insert and, for shells that show them, a description.</summary>
public sealed record CompletionCandidate(string Value, string Description = "");
