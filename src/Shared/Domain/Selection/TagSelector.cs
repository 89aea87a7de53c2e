using System.Diagnostics.CodeAnalysis;
using FluxMirror.Domain.GoCompat.Re2;

namespace FluxMirror.Domain.Selection;

/// <summary>The flux-mirror tag selector: regex prefilter (+ extract) → semver constraint → sort → limit.</summary>
public static class TagSelector
{
    /// <summary>Runs regex → semver → sort → limit over tags in registry listing order.</summary>
    /// <exception cref="InvalidSelectorException">The regex or the constraint does not parse.</exception>
    public static SelectionResult Select(IReadOnlyList<string> tags, SelectorSpec spec) =>
        TryCompile(spec, out var selector, out string error) ? selector.Select(tags) : throw new InvalidSelectorException(error);

    /// <summary>Parses the spec once, for callers that select over several tag lists.</summary>
    public static bool TryCompile(SelectorSpec spec, [NotNullWhen(true)] out CompiledSelector? selector, out string error)
    {
        selector = null;
        GoRegex? regex = null;
        SemverConstraint? constraint = null;
        if (spec.Regex is not null && !GoRegex.TryCompile(spec.Regex.Pattern, out regex, out error))
        {
            return false;
        }
        if (!string.IsNullOrEmpty(spec.Semver) && !SemverConstraint.TryParse(spec.Semver, out constraint, out error))
        {
            return false;
        }
        selector = new CompiledSelector(spec, regex, constraint);
        error = "";
        return true;
    }
}
