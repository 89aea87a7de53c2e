using FluxMirror.Domain.GoCompat;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Config;

/// <summary>The URL rules of chart entries: sources are HTTP/S Helm repositories, destinations are <c>oci://</c>.</summary>
internal static class ChartUrls
{
    public static string? CheckSource(string source)
    {
        if (ConfigValidator.Blank(source))
        {
            return "source is required";
        }

        if (!GoUrl.TryParse(source, out var scheme, out var host, out var error))
        {
            return "invalid URL: " + error;
        }

        if (scheme is not ("http" or "https"))
        {
            return $"scheme {GoQuote.Quote(scheme)} must be one of: http, https " +
                "(use 'artifacts' to mirror an OCI Helm chart to another OCI repository)";
        }

        return host.Length == 0 ? $"URL {GoQuote.Quote(source)} is missing a host" : null;
    }

    public static string? CheckDestination(string destination)
    {
        if (ConfigValidator.Blank(destination))
        {
            return "destination is required";
        }

        if (!GoUrl.TryParse(destination, out var scheme, out var host, out var error))
        {
            return "invalid URL: " + error;
        }

        if (scheme != "oci")
        {
            return $"scheme must be oci://, got {GoQuote.Quote(scheme)}";
        }

        return host.Length == 0 ? $"URL {GoQuote.Quote(destination)} is missing a host" : null;
    }
}
