using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FluxMirror.Domain.Selection;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Charts;

/// <summary>
/// Helm's <c>Metadata.Validate</c>: sanitises the free-text fields (whitespace becomes a space, non-printable
/// characters are dropped) and checks the rules a chart must meet. Error texts carry Helm's <c>validation: </c> prefix.
/// </summary>
internal static partial class ChartMetadataValidator
{
    /// <summary>The index loader tolerates this one (some repositories strip dependency aliases).</summary>
    public const string DuplicateDependencyPrefix = "validation: more than one dependency with name or alias";

    /// <returns>The sanitised metadata, or the validation error.</returns>
    public static (ChartMetadata Metadata, string? Error) Validate(ChartMetadata md)
    {
        md = Sanitize(md);
        return (md, Check(md));
    }

    private static ChartMetadata Sanitize(ChartMetadata md) => md with
    {
        Name = Clean(md.Name),
        Description = Clean(md.Description),
        Home = Clean(md.Home),
        Icon = Clean(md.Icon),
        Condition = Clean(md.Condition),
        Tags = Clean(md.Tags),
        AppVersion = Clean(md.AppVersion),
        KubeVersion = Clean(md.KubeVersion),
        Sources = CleanAll(md.Sources),
        Keywords = CleanAll(md.Keywords),
        Maintainers = md.Maintainers?.Select(m => m is null ? null : new ChartMaintainer(Clean(m.Name), Clean(m.Email), Clean(m.Url))).ToList(),
        Dependencies = md.Dependencies?.Select(SanitizeDependency).ToList(),
    };

    private static ChartDependency? SanitizeDependency(ChartDependency? d) => d is null ? null : d with
    {
        Name = Clean(d.Name),
        Version = Clean(d.Version),
        Repository = Clean(d.Repository),
        Condition = Clean(d.Condition),
        Tags = CleanAll(d.Tags),
        DependsOn = CleanAll(d.DependsOn),
    };

    private static string? Check(ChartMetadata md)
    {
        if (md.ApiVersion.Length == 0)
        {
            return "validation: chart.metadata.apiVersion is required";
        }

        if (md.Name.Length == 0)
        {
            return "validation: chart.metadata.name is required";
        }

        if (md.Name != BaseName(md.Name))
        {
            return $"validation: chart.metadata.name {GoQuote.Quote(md.Name)} is invalid";
        }

        if (md.Version.Length == 0)
        {
            return "validation: chart.metadata.version is required";
        }

        if (!LenientVersion.TryParse(md.Version, out _))
        {
            return $"validation: chart.metadata.version {GoQuote.Quote(md.Version)} is invalid";
        }

        if (md.Type is not ("" or "application" or "library"))
        {
            return "validation: chart.metadata.type must be application or library";
        }

        if (md.Maintainers?.Any(m => m is null) == true)
        {
            return "validation: maintainers must not contain empty or null nodes";
        }

        return CheckDependencies(md.Dependencies ?? []);
    }

    private static string? CheckDependencies(IReadOnlyList<ChartDependency?> dependencies)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dependency in dependencies)
        {
            if (dependency is null)
            {
                return "validation: dependencies must not contain empty or null nodes";
            }

            if (dependency.Alias.Length > 0 && !AliasFormat().IsMatch(dependency.Alias))
            {
                return $"validation: dependency {GoQuote.Quote(dependency.Name)} has disallowed characters in the alias";
            }

            var key = dependency.Alias.Length > 0 ? dependency.Alias : dependency.Name;
            if (!seen.Add(key))
            {
                return $"{DuplicateDependencyPrefix} {GoQuote.Quote(key)}. Try using distinct aliases for dependencies with the same chart name.";
            }
        }

        return null;
    }

    // Go's filepath.Base on a slash path: trailing slashes dropped, then the last element.
    private static string BaseName(string path)
    {
        var trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            return path.Length == 0 ? "." : "/";
        }

        return trimmed[(trimmed.LastIndexOf('/') + 1)..];
    }

    private static IReadOnlyList<string>? CleanAll(IReadOnlyList<string>? values) => values?.Select(Clean).ToList();

    private static string Clean(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var rune in value.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                sb.Append(' ');
            }
            else if (IsPrintable(rune))
            {
                sb.Append(rune.ToString());
            }
        }

        return sb.ToString();
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation and symbols (spaces were handled before).
    private static bool IsPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };

    [GeneratedRegex("^[a-zA-Z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex AliasFormat();
}
