namespace FluxMirror.Coordinator.Cli;

public enum FlagKind
{
    Bool,
    String,
    Int,
    Duration,
    StringList,
}

/// <summary>One flag definition, pflag style: <c>--name</c>, optional one-letter <c>-x</c>, a default shown in help.</summary>
public sealed record Flag(string Name, char? Shorthand, FlagKind Kind, string Default, string Usage, string? ValueName = null)
{
    /// <summary>The values shell completion offers for this flag (e.g. text, yaml, json for --output).</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>What the shell completes for this flag's value when <see cref="Values"/> is empty (files by default, as cobra).</summary>
    public ShellCompDirective ValueCompletion { get; init; } = ShellCompDirective.Default;

    public string HelpLeft
    {
        get
        {
            var left = Shorthand is { } s ? $"-{s}, --{Name}" : $"    --{Name}";
            return Kind switch
            {
                FlagKind.Bool => left,
                FlagKind.Int => $"{left} {ValueName ?? "int"}",
                FlagKind.Duration => $"{left} {ValueName ?? "duration"}",
                FlagKind.StringList => $"{left} {ValueName ?? "stringArray"}",
                _ => $"{left} {ValueName ?? "string"}",
            };
        }
    }

    public string HelpRight => Kind switch
    {
        FlagKind.Bool when Default == "false" => Usage,
        FlagKind.String when Default.Length == 0 => Usage,
        FlagKind.StringList => Usage,
        FlagKind.String => $"{Usage} (default \"{Default}\")",
        _ => $"{Usage} (default {Default})",
    };
}
