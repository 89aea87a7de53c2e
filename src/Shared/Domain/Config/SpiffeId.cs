namespace FluxMirror.Domain.Config;

/// <summary>The SPIFFE ID and trust-domain grammar of go-spiffe (<c>spiffeid.FromString</c> /
/// <c>TrustDomainFromString</c>), with the same error texts.</summary>
public static class SpiffeId
{
    private const string SchemePrefix = "spiffe://";
    private const string BadTrustDomainChar = "trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores";
    private const string MissingTrustDomain = "trust domain is missing";

    /// <summary>Validates <c>spiffe://&lt;trust-domain&gt;[/path]</c>.</summary>
    public static bool TryValidateId(string id, out string error)
    {
        error = Validate(id) ?? "";
        return error.Length == 0;
    }

    /// <summary>Validates a bare trust domain name, or an ID (anything containing <c>:/</c>) whose trust domain is taken.</summary>
    public static bool TryValidateTrustDomain(string idOrName, out string error)
    {
        error = ValidateTrustDomain(idOrName) ?? "";
        return error.Length == 0;
    }

    private static string? ValidateTrustDomain(string idOrName)
    {
        if (idOrName.Length == 0)
        {
            return MissingTrustDomain;
        }

        if (idOrName.Contains(":/", StringComparison.Ordinal))
        {
            return Validate(idOrName);
        }

        return idOrName.All(IsTrustDomainChar) ? null : BadTrustDomainChar;
    }

    private static string? Validate(string id)
    {
        if (id.Length == 0)
        {
            return "cannot be empty";
        }

        if (!id.StartsWith(SchemePrefix, StringComparison.Ordinal))
        {
            return "scheme is missing or invalid";
        }

        var pathStart = SchemePrefix.Length;
        for (; pathStart < id.Length && id[pathStart] != '/'; pathStart++)
        {
            if (!IsTrustDomainChar(id[pathStart]))
            {
                return BadTrustDomainChar;
            }
        }

        return pathStart == SchemePrefix.Length ? MissingTrustDomain : ValidatePath(id[pathStart..]);
    }

    private static string? ValidatePath(string path)
    {
        if (path.Length == 0)
        {
            return null;
        }

        var segmentStart = 0;
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '/')
            {
                if (i > 0 && SegmentError(path[segmentStart..i], last: false) is { } error)
                {
                    return error;
                }

                segmentStart = i;
            }
            else if (!IsPathChar(path[i]))
            {
                return "path segment characters are limited to letters, numbers, dots, dashes, and underscores";
            }
        }

        return SegmentError(path[segmentStart..], last: true);
    }

    private static string? SegmentError(string segmentWithSlash, bool last) => segmentWithSlash switch
    {
        "/" => last ? "path cannot have a trailing slash" : "path cannot contain empty segments",
        "/." or "/.." => "path cannot contain dot segments",
        _ => null,
    };

    private static bool IsTrustDomainChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_';

    private static bool IsPathChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_';
}
