using FluxMirror.Domain.GoCompat.Re2;

namespace FluxMirror.Domain.Selection;

/// <summary>
/// The regular expressions Masterminds/semver v3 parses constraints with, verbatim in Go syntax and run by
/// <see cref="GoRegex"/> so that matches split exactly as in Go (including quirks such as '|' being accepted
/// inside a version part). Matching is linear, so hostile constraint strings stay cheap.
/// </summary>
internal static class ConstraintGrammar
{
    private const string Operators = @"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";
    private const string Version =
        @"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?" +
        @"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?" +
        @"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";

    /// <summary>One term; groups: 1 operator, 2 version, 3 major, 4 ".minor", 5 ".patch", 6 "-prerelease".</summary>
    public static readonly GoRegex Term = Compile($@"^\s*({Operators})\s*({Version})\s*$");

    /// <summary>Finds the terms of a validated AND group.</summary>
    public static readonly GoRegex FindTerm = Compile($@"({Operators})\s*({Version})");

    /// <summary>A whole AND group: terms separated by spaces or a comma.</summary>
    public static readonly GoRegex ValidGroup =
        Compile($@"^(\s*({Operators})\s*({Version})\s*)((?:\s+|,\s*)({Operators})\s*({Version})\s*)*$");

    /// <summary>A hyphen range "a - b"; group 1 is the lower bound, group 11 the upper one.</summary>
    private static readonly GoRegex Range = Compile($@"\s*({Version})\s+-\s+({Version})\s*");

    /// <summary>Masterminds' rewriteRange: each "a - b" becomes "&gt;= a, &lt;= b ".</summary>
    public static string RewriteRanges(string constraint)
    {
        string rewritten = constraint;
        foreach (var match in Range.FindAllSubmatchIndex(constraint))
        {
            string whole = GoRegex.Group(constraint, match, 0)!;
            string replacement = $">= {GoRegex.Group(constraint, match, 1)}, <= {GoRegex.Group(constraint, match, 11)} ";
            int at = rewritten.IndexOf(whole, StringComparison.Ordinal);
            rewritten = rewritten[..at] + replacement + rewritten[(at + whole.Length)..];
        }
        return rewritten;
    }

    private static GoRegex Compile(string pattern) =>
        GoRegex.TryCompile(pattern, out var regex, out string error) ? regex : throw new InvalidOperationException(error);
}
