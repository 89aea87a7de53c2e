namespace FluxMirror.Coordinator.Cli;

/// <summary>What <c>__complete</c> answers: candidates and how the shell should treat them.</summary>
public sealed record CompletionResult(IReadOnlyList<CompletionCandidate> Candidates, ShellCompDirective Directive)
{
    public static CompletionResult Nothing { get; } = new([], ShellCompDirective.NoFileComp);

    public static CompletionResult Files { get; } = new([], ShellCompDirective.Default);

    /// <summary>Cobra's wire format: one candidate a line (<c>value\tdescription</c>), then <c>:directive</c>.</summary>
    public string Format(bool descriptions)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var c in Candidates)
        {
            sb.Append(c.Value);
            if (descriptions && c.Description.Length > 0)
            {
                // Only the first line: a newline would end the candidate in the protocol.
                sb.Append('\t').Append(c.Description.Split('\n')[0]);
            }

            sb.Append('\n');
        }

        return sb.Append(':').Append((int)Directive).Append('\n').ToString();
    }
}
