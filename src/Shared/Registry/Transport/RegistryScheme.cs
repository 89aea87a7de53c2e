using System.Net;
using System.Net.Sockets;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// Which registry hosts may be spoken to over plain HTTP, as in go-containerregistry: every host in insecure mode,
/// and local ones (localhost, loopback, RFC 1918) always. Such hosts are still tried over https first
/// (see <see cref="SchemeResolver"/>); every other host is https only.
/// </summary>
public static class RegistryScheme
{
    public static bool MayUsePlainHttp(string host, bool insecure) => insecure || IsLocal(host);

    public static bool IsLocal(string host)
    {
        var name = StripPort(host);
        if (string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(name, out var address))
        {
            return false;
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168);
    }

    /// <summary>The host name without a port; IPv6 literals lose their brackets.</summary>
    public static string StripPort(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? host : host[1..close];
        }

        var colon = host.LastIndexOf(':');
        return colon >= 0 && host.IndexOf(':', StringComparison.Ordinal) == colon ? host[..colon] : host;
    }
}
