using System.Diagnostics.CodeAnalysis;
using FluxMirror.Domain.GoCompat.Re2;

namespace FluxMirror.Domain.Selection;

/// <summary>
/// A Masterminds/semver v3 constraint (NewConstraint + Check): "||" separates OR groups; inside a group terms
/// separated by spaces or commas must all hold; hyphen ranges, wildcards (x, X, *), partial versions and the
/// operators = != &gt; &lt; &gt;= =&gt; &lt;= =&lt; ~ ~&gt; ^ are supported. Prerelease versions only match a group that
/// mentions a prerelease, so "*" and "&gt;=1.0.0" skip 1.1.0-rc.1 while "&gt;=1.1.0-rc.0 &lt;2" admits it.
/// </summary>
public sealed class SemverConstraint
{
    private readonly IReadOnlyList<TermGroup> groups;

    private SemverConstraint(string text, IReadOnlyList<TermGroup> groups)
    {
        Text = text;
        this.groups = groups;
    }

    public string Text { get; }

    /// <summary>Parses a Masterminds constraint; error is e.g. "improper constraint: foo".</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SemverConstraint? constraint, out string error)
    {
        constraint = null;
        var groups = new List<TermGroup>();
        foreach (string segment in ConstraintGrammar.RewriteRanges(text).Split("||"))
        {
            if (!ConstraintGrammar.ValidGroup.IsMatch(segment))
            {
                error = $"improper constraint: {segment}";
                return false;
            }
            var terms = new List<ConstraintTerm>();
            foreach (var token in ConstraintGrammar.FindTerm.FindAllSubmatchIndex(segment).Select(m => GoRegex.Group(segment, m, 0)!))
            {
                if (!TryParseTerm(token, out var term, out error))
                {
                    return false;
                }
                terms.Add(term);
            }
            groups.Add(new TermGroup(terms, terms.Any(t => t.Version.Prerelease.Length > 0)));
        }
        constraint = new SemverConstraint(text, groups);
        error = "";
        return true;
    }

    public bool IsSatisfiedBy(LenientVersion version) =>
        groups.Any(group => group.Terms.All(term => term.Admits(version, group.MentionsPrerelease)));

    public override string ToString() => Text;

    private static bool TryParseTerm(string token, [NotNullWhen(true)] out ConstraintTerm? term, out string error)
    {
        term = null;
        if (ConstraintGrammar.Term.FindSubmatchIndex(token) is not { } match)
        {
            error = $"improper constraint: {token}";
            return false;
        }
        string Part(int group) => GoRegex.Group(token, match, group) ?? "";
        string op = Part(1), original = Part(2), major = Part(3), minor = Part(4), patch = Part(5), prerelease = Part(6);

        // A wildcard or missing part turns the rest into zeros and marks the term as covering a range.
        bool dirty = true, minorDirty = false, patchDirty = false;
        string version;
        if (IsWildcard(major))
        {
            version = "0.0.0" + prerelease;
        }
        else if (minor.Length == 0 || IsWildcard(minor[1..]))
        {
            minorDirty = true;
            version = major + ".0.0" + prerelease;
        }
        else if (patch.Length == 0 || IsWildcard(patch[1..]))
        {
            patchDirty = true;
            version = major + minor + ".0" + prerelease;
        }
        else
        {
            dirty = false;
            version = original;
        }

        if (!LenientVersion.TryParse(version, out var parsed))
        {
            error = "constraint parser error";
            return false;
        }
        term = new ConstraintTerm(ParseOperator(op), parsed, original, dirty, minorDirty, patchDirty);
        error = "";
        return true;
    }

    private static bool IsWildcard(string part) => part is "x" or "X" or "*";

    private static ConstraintOperator ParseOperator(string op) => op switch
    {
        "!=" => ConstraintOperator.NotEqual,
        ">" => ConstraintOperator.GreaterThan,
        "<" => ConstraintOperator.LessThan,
        ">=" or "=>" => ConstraintOperator.GreaterThanOrEqual,
        "<=" or "=<" => ConstraintOperator.LessThanOrEqual,
        "~" or "~>" => ConstraintOperator.Tilde,
        "^" => ConstraintOperator.Caret,
        _ => ConstraintOperator.TildeOrEqual,
    };

    private sealed record TermGroup(IReadOnlyList<ConstraintTerm> Terms, bool MentionsPrerelease);
}
