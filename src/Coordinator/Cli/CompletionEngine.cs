namespace FluxMirror.Coordinator.Cli;

/// <summary>
/// The answer to <c>flux-mirror __complete WORDS… PARTIAL</c>, cobra's protocol, so the generated shell scripts and
/// the Flux CLI (which forwards <c>flux mirror …&lt;TAB&gt;</c> to a plugin's <c>__complete</c>) both work: command
/// names, the flags of the command, a flag's fixed values, a command's sub-verbs, else file names.
/// </summary>
public static class CompletionEngine
{
    /// <param name="globals">The root's flags.</param>
    /// <param name="accepted">The global flags a command takes.</param>
    public static CompletionResult Complete(IReadOnlyList<CommandSpec> commands, IReadOnlyList<Flag> globals, Func<CommandSpec, IEnumerable<Flag>> accepted, IReadOnlyList<string> words)
    {
        var partial = words.Count > 0 ? words[^1] : "";
        var before = words.Take(Math.Max(0, words.Count - 1)).ToList();
        var visible = commands.Where(c => !c.Hidden).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

        // Root flags may come before the command name; their values are not command names.
        var rootFlags = WithHelp(globals, "flux-mirror");
        var index = SkipFlags(rootFlags, before, 0, out var rootPending);
        if (index >= before.Count)
        {
            return rootPending is not null ? Values(rootPending, partial, "")
                : partial.StartsWith('-') ? Flags(rootFlags, partial, before)
                : new CompletionResult([.. visible.Where(c => c.Name.StartsWith(partial, StringComparison.Ordinal)).Select(c => new CompletionCandidate(c.Name, c.Short))], ShellCompDirective.NoFileComp);
        }

        var command = visible.FirstOrDefault(c => c.Name == before[index]);
        if (command is null)
        {
            return CompletionResult.Nothing;
        }

        var flags = WithHelp([.. command.Flags, .. accepted(command)], command.Name);
        var rest = before.Skip(index + 1).ToList();
        var positionals = 0;
        Flag? pending = null;
        for (var i = 0; i < rest.Count;)
        {
            if (rest[i].StartsWith('-') && rest[i] != "-")
            {
                i = SkipFlags(flags, rest, i, out pending);
                continue;
            }

            positionals++;
            i++;
        }

        if (pending is not null)
        {
            return Values(pending, partial, "");
        }

        if (partial.StartsWith("--", StringComparison.Ordinal) && partial.IndexOf('=') is var eq and > 0)
        {
            var named = flags.FirstOrDefault(f => f.Name == partial[2..eq]);
            return named is null ? CompletionResult.Nothing : Values(named, partial[(eq + 1)..], partial[..(eq + 1)]);
        }

        if (partial.StartsWith('-'))
        {
            return Flags(flags, partial, rest);
        }

        if (command.ValidArgs.Count > 0)
        {
            return positionals == 0 ? Filter(command.ValidArgs, partial, "") : CompletionResult.Nothing;
        }

        return positionals < command.MaxPositionals ? CompletionResult.Files : CompletionResult.Nothing;
    }

    private static List<Flag> WithHelp(IEnumerable<Flag> flags, string name) =>
        [.. flags, new Flag("help", 'h', FlagKind.Bool, "false", $"help for {name}")];

    /// <summary>Moves past the flags (and their values) from <paramref name="start"/>; <paramref name="pending"/> is a value flag that ended the words.</summary>
    private static int SkipFlags(IReadOnlyList<Flag> flags, IReadOnlyList<string> words, int start, out Flag? pending)
    {
        pending = null;
        var i = start;
        while (i < words.Count && words[i].StartsWith('-') && words[i] != "-")
        {
            var flag = Find(flags, words[i]);
            var takesValue = flag is not null && flag.Kind != FlagKind.Bool && !words[i].Contains('=') && !IsJoinedShorthand(words[i]);
            i++;
            if (takesValue)
            {
                if (i >= words.Count)
                {
                    pending = flag;
                    return i;
                }

                i++;
            }
        }

        return i;
    }

    private static Flag? Find(IReadOnlyList<Flag> flags, string word)
    {
        if (word.StartsWith("--", StringComparison.Ordinal))
        {
            var name = word[2..].Split('=')[0];
            return flags.FirstOrDefault(f => f.Name == name);
        }

        return word.Length >= 2 ? flags.FirstOrDefault(f => f.Shorthand == word[1]) : null;
    }

    /// <summary><c>-ojson</c>: the value is in the same word.</summary>
    private static bool IsJoinedShorthand(string word) => !word.StartsWith("--", StringComparison.Ordinal) && word.Length > 2;

    private static CompletionResult Flags(IReadOnlyList<Flag> flags, string partial, IReadOnlyList<string> given)
    {
        var candidates = new List<CompletionCandidate>();
        foreach (var flag in flags)
        {
            // Like cobra, a flag already given is not offered again unless it may repeat.
            if (flag.Kind != FlagKind.StringList && given.Any(w => Find([flag], w) is not null))
            {
                continue;
            }

            if ($"--{flag.Name}".StartsWith(partial, StringComparison.Ordinal))
            {
                candidates.Add(new($"--{flag.Name}", flag.Usage));
            }

            if (flag.Shorthand is { } s && $"-{s}".StartsWith(partial, StringComparison.Ordinal))
            {
                candidates.Add(new($"-{s}", flag.Usage));
            }
        }

        return new CompletionResult(candidates, ShellCompDirective.NoFileComp);
    }

    private static CompletionResult Values(Flag flag, string partial, string prefix) =>
        flag.Values.Count > 0 ? Filter(flag.Values, partial, prefix)
        : flag.Kind is FlagKind.Int or FlagKind.Duration ? CompletionResult.Nothing
        : new CompletionResult([], flag.ValueCompletion);

    private static CompletionResult Filter(IEnumerable<string> values, string partial, string prefix) =>
        new([.. values.Where(v => v.StartsWith(partial, StringComparison.Ordinal)).Select(v => new CompletionCandidate(prefix + v))], ShellCompDirective.NoFileComp);
}
