using System.Text.RegularExpressions;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>One request as the registry's access log saw it. <see cref="Path"/> includes the query.</summary>
public sealed partial record LoggedRequest(string Method, string Path, int Status)
{
    /// <summary>The path without its query string, for prefix/equality assertions.</summary>
    public string PathWithoutQuery => Path.Split('?', 2)[0];

    /// <summary>
    /// Parses a combined-log-format access line, e.g.
    /// <c>127.0.0.1 - - [27/Nov/2026:20:04:10 +0000] "HEAD /v2/foo/manifests/latest HTTP/1.1" 404 96 "" "curl"</c>.
    /// Returns null for every other log line.
    /// </summary>
    public static LoggedRequest? TryParse(string line)
    {
        var match = AccessLogLine().Match(line);
        return match.Success
            ? new LoggedRequest(match.Groups["method"].Value, match.Groups["path"].Value, int.Parse(match.Groups["status"].Value))
            : null;
    }

    [GeneratedRegex("""^\S+ \S+ \S+ \[[^\]]+\] "(?<method>[A-Z]+) (?<path>\S+) HTTP/[0-9.]+" (?<status>\d{3}) """)]
    private static partial Regex AccessLogLine();
}
