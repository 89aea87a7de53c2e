using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace FluxMirror.Domain.GoCompat.Re2;

/// <summary>
/// Go regexp (RE2 syntax) on .NET: patterns are parsed with Go's rules and error texts, then translated to a
/// linear-time NonBacktracking .NET regex with Go's match semantics (unanchored, leftmost-first, ASCII \d \w \s,
/// '$' only at the very end of the text unless (?m)).
/// </summary>
/// <remarks>
/// Use it to validate patterns and for IsMatch. For match positions and captures use <see cref="GoRegex"/>:
/// .NET 10's NonBacktracking engine reports wrong Match positions for some patterns (k?[aA] on "kxAa" gives index 3,
/// Go gives 2) and differs from Go on captures of empty loop iterations. Capture groups keep Go's numbering
/// (match.Groups[n] is Go's group n) under generated .NET names; <see cref="Expand"/> reads them by Go name.
/// Known gaps: \b and \B use .NET's word characters (same as Go on ASCII text), and a pattern too big for the
/// .NET engine (e.g. \pL{1000}) is reported as "expression too large" although Go accepts it.
/// </remarks>
public static class Re2Regex
{
    public const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    /// <summary>Compiles a Go RE2 pattern into a linear-time .NET regex; on failure returns false and a Go-like error text.</summary>
    public static bool TryCompile(string pattern, [NotNullWhen(true)] out Regex? regex, out string error)
    {
        regex = null;
        try
        {
            string translated = DotNetPatternWriter.Write(Re2Parser.Parse(pattern));
            regex = new Regex(translated, Options);
            error = "";
            return true;
        }
        catch (Re2SyntaxException e)
        {
            error = e.Message;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InsufficientExecutionStackException)
        {
            // The translation is valid .NET syntax; the engine can still refuse a pattern that is too big for it.
            error = $"error parsing regexp: {Re2ErrorCode.Large}: `{pattern}`";
        }
        return false;
    }

    /// <summary>Go's Regexp.ExpandString: $name, ${name}, $1, $$.</summary>
    public static string Expand(Match match, string template) => GoTemplateExpander.Expand(match, template);
}
