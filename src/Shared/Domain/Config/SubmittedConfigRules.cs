namespace FluxMirror.Domain.Config;

/// <summary>
/// What a config submitted to the cluster may refer to. It is substituted with a node's environment, which also holds
/// the node's own settings (the journal's connection string among them): a <c>FLUX_MIRROR_*</c> variable is never
/// substitutable, and when the node sets <c>FLUX_MIRROR_SUBMITTED_ENV</c> only the variables it lists are. Credentials
/// reach the nodes by reference only (<see cref="LiteralCredentials"/>). The embedded run loads without these rules:
/// its environment is the user's own.
/// </summary>
/// <param name="Allowed">Names, or prefixes ending in <c>*</c>, a submitted config may use; null = any variable that is
/// not a node setting.</param>
public sealed record SubmittedConfigRules(IReadOnlyList<string>? Allowed = null)
{
    public const string AllowListVariable = "FLUX_MIRROR_SUBMITTED_ENV";
    public const string NodeSettingPrefix = "FLUX_MIRROR_";

    /// <summary>The rules the CLI applies before submitting: the allow-list is the nodes' to set, not the client's.</summary>
    public static readonly SubmittedConfigRules Client = new();

    /// <summary>The rules of this node, from <c>FLUX_MIRROR_SUBMITTED_ENV</c> (unset or blank = no allow-list).</summary>
    /// <exception cref="ArgumentException">The variable is set to something that is not a list of names.</exception>
    public static SubmittedConfigRules FromNodeEnvironment(Func<string, string?> getEnv)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        var text = getEnv(AllowListVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new SubmittedConfigRules();
        }

        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.FirstOrDefault(n => !IsNameOrPrefix(n)) is { } bad)
        {
            throw new ArgumentException(
                $"{AllowListVariable} must be a comma-separated list of variable names or prefixes ending in *, got \"{bad}\"");
        }

        return new SubmittedConfigRules(names);
    }

    /// <summary>The one-line refusal for the first variable the text may not use, or null when it uses none.</summary>
    public string? Refusal(string configText)
    {
        ArgumentNullException.ThrowIfNull(configText);
        if (!EnvSubst.TryListNames(configText, out var references, out _))
        {
            return null; // the substitution itself reports the syntax error
        }

        foreach (var reference in references)
        {
            if (reference.Name.StartsWith(NodeSettingPrefix, StringComparison.Ordinal))
            {
                return $"config: ${{{reference.Name}}} is a node setting and cannot be used in a submitted config";
            }

            if (Allowed is not null && !Allowed.Any(a => Matches(a, reference.Name)))
            {
                return $"config: ${{{reference.Name}}} is not allowed in a submitted config; the nodes allow only " +
                    $"{AllowListVariable}={string.Join(",", Allowed)}";
            }
        }

        return null;
    }

    private static bool Matches(string allowed, string name) =>
        allowed.EndsWith('*') ? name.StartsWith(allowed[..^1], StringComparison.Ordinal) : name == allowed;

    private static bool IsNameOrPrefix(string entry)
    {
        var name = entry.EndsWith('*') ? entry[..^1] : entry;
        return (name.Length > 0 || entry == "*") && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
    }
}
