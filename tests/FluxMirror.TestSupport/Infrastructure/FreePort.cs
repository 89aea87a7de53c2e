using System.Net;
using System.Net.Sockets;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>Asks the kernel for an unused loopback port. Racy by nature, so callers retry on a clash.</summary>
public static class FreePort
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
