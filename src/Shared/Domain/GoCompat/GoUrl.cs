using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.GoCompat;

/// <summary>The parts of Go's <c>net/url.Parse</c> the chart checks need: scheme, host, and Go's error texts
/// (<c>parse "x": missing protocol scheme</c>, <c>invalid port ":x" after host</c> …).</summary>
internal static class GoUrl
{
    public static bool TryParse(string raw, out string scheme, out string host, out string error)
    {
        scheme = "";
        host = "";
        var hash = raw.IndexOf('#', StringComparison.Ordinal);
        var withoutFragment = hash < 0 ? raw : raw[..hash];
        var failure = Parse(withoutFragment, ref scheme, ref host);
        if (failure is not null)
        {
            error = $"parse {GoQuote.Quote(withoutFragment)}: {failure}";
            return false;
        }

        failure = hash < 0 ? null : CheckEscapes(raw[(hash + 1)..]);
        error = failure is null ? "" : $"parse {GoQuote.Quote(raw)}: {failure}";
        return failure is null;
    }

    private static string? Parse(string raw, ref string scheme, ref string host)
    {
        if (raw.Any(c => c < 0x20 || c == 0x7F))
        {
            return "net/url: invalid control character in URL";
        }

        if (raw.Length == 0 || raw == "*")
        {
            return null;
        }

        var rest = raw;
        var schemeEnd = SchemeEnd(raw);
        if (schemeEnd == 0)
        {
            return "missing protocol scheme";
        }

        if (schemeEnd > 0)
        {
            scheme = raw[..schemeEnd].ToLowerInvariant();
            rest = raw[(schemeEnd + 1)..];
        }

        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            rest = rest[..question];
        }

        if (!rest.StartsWith('/'))
        {
            if (scheme.Length > 0)
            {
                return null; // opaque URL such as "oci:foo": no host
            }

            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (colon >= 0 && (slash < 0 || colon < slash))
            {
                return "first path segment in URL cannot contain colon";
            }
        }

        if ((scheme.Length > 0 || !rest.StartsWith("///", StringComparison.Ordinal)) && rest.StartsWith("//", StringComparison.Ordinal))
        {
            var authority = rest[2..];
            var pathStart = authority.IndexOf('/', StringComparison.Ordinal);
            if (pathStart >= 0)
            {
                rest = authority[pathStart..];
                authority = authority[..pathStart];
            }
            else
            {
                rest = "";
            }

            var failure = ParseAuthority(authority, out host);
            if (failure is not null)
            {
                return failure;
            }
        }

        return CheckEscapes(rest);
    }

    // -1: no scheme; 0: a colon first (error); n: index of the scheme's colon.
    private static int SchemeEnd(string raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (char.IsAsciiLetter(c))
            {
                continue;
            }

            if (char.IsAsciiDigit(c) || c is '+' or '-' or '.')
            {
                if (i == 0)
                {
                    return -1;
                }

                continue;
            }

            return c == ':' ? i : -1;
        }

        return -1;
    }

    private static string? ParseAuthority(string authority, out string host)
    {
        var at = authority.LastIndexOf('@');
        host = at < 0 ? authority : authority[(at + 1)..];
        var failure = CheckHost(host);
        if (failure is null && at >= 0 && !authority[..at].All(IsUserinfoChar))
        {
            failure = "net/url: invalid userinfo";
        }

        return failure;
    }

    private static string? CheckHost(string host)
    {
        string colonPort;
        if (host.StartsWith('['))
        {
            var close = host.LastIndexOf(']');
            if (close < 0)
            {
                return "missing ']' in host";
            }

            colonPort = host[(close + 1)..];
        }
        else
        {
            var colon = host.LastIndexOf(':');
            colonPort = colon < 0 ? "" : host[colon..];
        }

        if (colonPort.Length > 0 && (colonPort[0] != ':' || !colonPort[1..].All(char.IsAsciiDigit)))
        {
            return $"invalid port {GoQuote.Quote(colonPort)} after host";
        }

        foreach (var c in host)
        {
            if (c < 0x80 && c != '%' && !IsHostChar(c))
            {
                return $"invalid character {GoQuote.Quote(c.ToString())} in host name";
            }
        }

        return CheckEscapes(host);
    }

    private static string? CheckEscapes(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2])))
            {
                var bad = s.Substring(i, Math.Min(3, s.Length - i));
                return $"invalid URL escape {GoQuote.Quote(bad)}";
            }
        }

        return null;
    }

    private static bool IsHostChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "-_.~!$&'()*+,;=:[]<>\"".Contains(c, StringComparison.Ordinal);

    private static bool IsUserinfoChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c >= 0x80 || "-._:~!$&'()*+,;=%@".Contains(c, StringComparison.Ordinal);
}
