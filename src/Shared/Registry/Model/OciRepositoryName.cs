using System.Text.RegularExpressions;

namespace FluxMirror.Registry.Model;

/// <summary>An OCI repository reference without tag or digest, parsed like go-containerregistry's
/// <c>name.NewRepository</c> (a first component with '.' or ':' is the registry; default and <c>docker.io</c> map to
/// <c>index.docker.io</c>; Docker Hub single names get <c>library/</c>) plus the distribution path-component grammar.</summary>
public static partial class OciRepositoryName
{
    public const string DockerHubRegistry = "index.docker.io";
    private const string DockerHubAlias = "docker.io";
    private const string RepositoryChars = "abcdefghijklmnopqrstuvwxyz0123456789_-./";

    /// <param name="registry">Registry host (with port), e.g. <c>ghcr.io</c>, <c>localhost:5000</c>, <c>index.docker.io</c>.</param>
    /// <param name="repository">Repository path inside the registry, e.g. <c>library/nginx</c>.</param>
    /// <param name="error">ggcr-style reason, e.g. <c>repository can only contain the characters `...`: Foo</c>.</param>
    public static bool TryParse(string name, out string registry, out string repository, out string error)
    {
        registry = "";
        repository = "";
        error = Check(name, out var host, out var path) ?? "";
        if (error.Length > 0)
        {
            return false;
        }

        registry = host.Length == 0 || host == DockerHubAlias ? DockerHubRegistry : host;
        repository = registry == DockerHubRegistry && !path.Contains('/', StringComparison.Ordinal) ? "library/" + path : path;
        return true;
    }

    private static string? Check(string name, out string host, out string path)
    {
        host = "";
        path = name;
        if (name.Length == 0)
        {
            return "a repository name must be specified";
        }

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0 && name[..slash].IndexOfAny(['.', ':']) >= 0)
        {
            host = name[..slash];
            path = name[(slash + 1)..];
        }

        var runes = path.EnumerateRunes().Count();
        if (runes is < 2 or > 255)
        {
            return $"repository must be between 2 and 255 characters in length: {path}";
        }

        if (path.Any(c => !RepositoryChars.Contains(c, StringComparison.Ordinal)))
        {
            return $"repository can only contain the characters `{RepositoryChars}`: {path}";
        }

        var badComponent = path.Split('/').FirstOrDefault(c => !PathComponent().IsMatch(c));
        if (badComponent is not null)
        {
            return $"repository path component {GoQuote.Quote(badComponent)} must be lowercase alphanumerics separated by '.', '_', '__' or '-': {path}";
        }

        return host.Length == 0 || IsValidAuthority(host) ? null : $"registries must be valid RFC 3986 URI authorities: {host}";
    }

    // What survives Go's url.Parse("//" + host) unchanged: host[:port] with host-safe characters, or [ipv6][:port].
    private static bool IsValidAuthority(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.LastIndexOf(']');
            return close > 0 && IsOptionalPort(host[(close + 1)..]) && host[1..close].All(c => char.IsAsciiHexDigit(c) || c is ':' or '.');
        }

        var colon = host.LastIndexOf(':');
        if (colon >= 0 && !IsOptionalPort(host[colon..]))
        {
            return false;
        }

        return host.All(c => c >= 0x80 || char.IsAsciiLetterOrDigit(c) || "-_.~!$&'()*+,;=:<>\"".Contains(c, StringComparison.Ordinal));
    }

    private static bool IsOptionalPort(string colonPort) =>
        colonPort.Length == 0 || (colonPort[0] == ':' && colonPort[1..].All(char.IsAsciiDigit));

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PathComponent();
}
