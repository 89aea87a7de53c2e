using System.Text.RegularExpressions;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Charts;

/// <summary>URL rules of HTTP Helm repositories: Helm's reference resolution, the repositories.yaml match key, display.</summary>
internal static partial class HelmUrls
{
    /// <summary>
    /// Helm's <c>ResolveReferenceURL</c>: an absolute reference is used as-is; a relative one is resolved against the
    /// repository URL with a trailing slash ensured, and the repository URL's query replaces the reference's.
    /// </summary>
    /// <exception cref="HelmException">When either URL cannot be parsed.</exception>
    public static Uri Resolve(string repositoryUrl, string reference)
    {
        if (HasScheme(reference))
        {
            return Uri.TryCreate(reference, UriKind.Absolute, out var absolute)
                ? absolute
                : throw new HelmException($"failed to parse {reference} as URL");
        }

        var repository = ParseAbsolute(repositoryUrl) ?? throw new HelmException($"failed to parse {Display(repositoryUrl)} as URL");
        var withSlash = new Uri(repository.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        if (!Uri.TryCreate(withSlash, reference, out var resolved))
        {
            throw new HelmException($"failed to parse {reference} as URL");
        }

        return new Uri(resolved.GetLeftPart(UriPartial.Path) + repository.Query + resolved.Fragment);
    }

    /// <summary>The repositories.yaml match key: scheme and host lower-cased, path without trailing slashes; null without scheme or host.</summary>
    public static string? MatchKey(string url)
    {
        if (ParseAbsolute(url.Trim()) is not { } uri || uri.Host.Length == 0)
        {
            return null;
        }

        var userInfo = uri.UserInfo.Length > 0 ? uri.UserInfo + "@" : string.Empty;
        return $"{uri.Scheme}://{userInfo}{uri.Authority.ToLowerInvariant()}{uri.AbsolutePath.TrimEnd('/')}{uri.Query}{uri.Fragment}";
    }

    /// <summary>A URL fit for messages: user-info and token-like query values are never shown.</summary>
    public static string Display(Uri uri) => UrlRedaction.ForDisplay(uri);

    public static string Display(string url) =>
        ParseAbsolute(url) is { } uri && (uri.UserInfo.Length > 0 || uri.Query.Length > 1) ? Display(uri) : url;

    private static Uri? ParseAbsolute(string url) =>
        HasScheme(url) && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null;

    // Without this check .NET would read "/charts/x.tgz" as an absolute file:// URI.
    private static bool HasScheme(string url) => SchemePrefix().IsMatch(url);

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9+.-]*:", RegexOptions.CultureInvariant)]
    private static partial Regex SchemePrefix();
}
