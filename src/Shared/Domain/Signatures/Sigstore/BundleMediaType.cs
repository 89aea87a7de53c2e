using System.Globalization;
using System.Text.RegularExpressions;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// The bundle version a media type names, as sigstore-go's <c>getBundleVersion</c> reads it:
/// <c>application/vnd.dev.sigstore.bundle+json;version=0.1|0.2|0.3</c> or <c>application/vnd.dev.sigstore.bundle.vX.Y+json</c>
/// (X.Y a Go semver without the patch, prerelease or build parts being required).
/// </summary>
internal static partial class BundleMediaType
{
    private const string Base = "application/vnd.dev.sigstore.bundle";

    /// <summary>The Go-style version string (<c>v0.3</c>).</summary>
    /// <exception cref="FormatException">With sigstore-go's <c>unsupported media type</c> texts.</exception>
    public static string VersionOf(string mediaType)
    {
        switch (mediaType)
        {
            case Base + "+json;version=0.1":
                return "v0.1";
            case Base + "+json;version=0.2":
                return "v0.2";
            case Base + "+json;version=0.3":
                return "v0.3";
        }
        if (mediaType.StartsWith(Base + ".v", StringComparison.Ordinal) && mediaType.EndsWith("+json", StringComparison.Ordinal))
        {
            var version = mediaType[(Base.Length + 1)..^"+json".Length];
            return Semver().IsMatch(version)
                ? version
                : throw new FormatException($"validation error: unsupported media type: invalid bundle version: {version}");
        }
        throw new FormatException($"validation error: unsupported media type: {mediaType}");
    }

    /// <summary>Major, minor and patch of a version <see cref="VersionOf"/> accepted (missing parts are 0).</summary>
    public static Version Parse(string goVersion)
    {
        var match = Semver().Match(goVersion);
        int Part(int group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        return match.Groups[3].Success ? new Version(Part(1), Part(2), Part(3)) : new Version(Part(1), Part(2));
    }

    // Numeric Go semver only (v1, v1.2, v1.2.3): a prerelease or build suffix is not accepted here.
    [GeneratedRegex(@"^v(0|[1-9][0-9]{0,8})(?:\.(0|[1-9][0-9]{0,8})(?:\.(0|[1-9][0-9]{0,8}))?)?$")]
    private static partial Regex Semver();
}
