using System.Text;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Config;

/// <summary>
/// Keeps substituted values out of messages: wherever a value that a <c>${NAME}</c> expression produced appears in a
/// message, the expression as written is shown instead. Messages are built from the substituted config (a validator
/// quotes what it got), so the substitution's own record of what it produced is the one reliable way to know which
/// parts of a message came from the environment, whatever check or parser wrote it.
/// </summary>
public static class SubstitutedValues
{
    /// <summary>Values shorter than this are masked only where a message quotes them whole (<c>got "1"</c>): a count or
    /// a flag is no secret, and masking every "1" would garble indices such as <c>hosts[1]</c>.</summary>
    public const int MinMaskedAnywhere = 4;

    public static string Mask(string message, IReadOnlyList<EnvSubstitution> substitutions)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(substitutions);
        var candidates = Candidates(substitutions);
        if (candidates.Count == 0)
        {
            return message;
        }

        // One pass, longest match first at each position: a placeholder already written is never matched again.
        var sb = new StringBuilder(message.Length);
        var i = 0;
        while (i < message.Length)
        {
            var hit = candidates.FirstOrDefault(c => message.AsSpan(i).StartsWith(c.Text, StringComparison.Ordinal));
            if (hit is null)
            {
                sb.Append(message[i]);
                i++;
            }
            else
            {
                sb.Append(hit.Source);
                i += hit.Text.Length;
            }
        }

        return sb.ToString();
    }

    // Each value as it may appear in a message: as is, trimmed (a plain YAML scalar), on one line (ConfigException
    // joins lines) and escaped inside a Go-quoted string.
    private static List<Candidate> Candidates(IReadOnlyList<EnvSubstitution> substitutions)
    {
        var candidates = new List<Candidate>();
        foreach (var s in substitutions)
        {
            if (s.Value.Trim().Length < MinMaskedAnywhere)
            {
                if (s.Value.Trim().Length > 0)
                {
                    candidates.Add(new Candidate(GoQuote.Quote(s.Value.Trim()), "\"" + s.Source + "\""));
                }

                continue;
            }

            var oneLine = s.Value.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');
            var quoted = GoQuote.Quote(s.Value);
            foreach (var form in new[] { s.Value, s.Value.Trim(), oneLine, oneLine.Trim(), quoted[1..^1] })
            {
                if (form.Length > 0 && form != s.Source)
                {
                    candidates.Add(new Candidate(form, s.Source));
                }
            }
        }

        return [.. candidates.DistinctBy(c => c.Text).OrderByDescending(c => c.Text.Length)];
    }

    private sealed record Candidate(string Text, string Source);
}
