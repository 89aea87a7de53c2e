using System.Net;
using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using Akka.Cluster;
using Akka.Management.Cluster.Bootstrap.ContactPoint;
using Newtonsoft.Json;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// The contact point Cluster Bootstrap probes: <c>GET /bootstrap/seed-nodes</c> over plain HTTP/1.1, answering
/// Akka.Management's own JSON (this node's remoting address and up to 5 Joining/Up members). Akka.Management's HTTP
/// server cannot start here: Akka.Http.Shim 1.5.73 calls a Ceen.Httpd 0.9.9 method that 0.9.10, the only version
/// served, no longer has (MissingMethodException). It binds exactly the remoting address and accepts any Host header,
/// as peers reach it by pod IP or by the names of an endpoint list. It serves nothing else and changes nothing.
/// </summary>
internal sealed class BootstrapContactPoint : IDisposable
{
    public const string Route = "/bootstrap/seed-nodes";

    private const int MaxRequestHead = 8 * 1024;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private readonly TcpListener _listener;
    private readonly ActorSystem _system;
    private readonly CancellationTokenSource _stop = new();

    private BootstrapContactPoint(ActorSystem system, TcpListener listener)
    {
        _system = system;
        _listener = listener;
    }

    /// <summary>Listens on <paramref name="bindHost"/>:<paramref name="port"/> until disposed.</summary>
    public static BootstrapContactPoint Start(ActorSystem system, string bindHost, int port)
    {
        var address = IPAddress.TryParse(bindHost, out var ip) ? ip : Dns.GetHostAddresses(bindHost).First();
        var listener = new TcpListener(address, port);
        listener.Start();
        var contactPoint = new BootstrapContactPoint(system, listener);
        _ = contactPoint.AcceptAsync();
        return contactPoint;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = AnswerAsync(client, ct);
        }
    }

    private async Task AnswerAsync(TcpClient client, CancellationToken stopping)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(ReadTimeout);
        try
        {
            var stream = client.GetStream();
            var requestLine = await ReadRequestLineAsync(stream, timeout.Token).ConfigureAwait(false);
            var parts = requestLine?.Split(' ');
            var (status, body) = parts is not { Length: 3 }
                ? ("400 Bad Request", "")
                : parts[1] != Route
                    ? ("404 Not Found", "")
                    : parts[0] != "GET"
                        ? ("405 Method Not Allowed", "")
                        : ("200 OK", JsonConvert.SerializeObject(SeedNodes()));
            var payload = Encoding.UTF8.GetBytes(body);
            var head = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(head, timeout.Token).ConfigureAwait(false);
            await stream.WriteAsync(payload, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A peer that hangs up or dawdles gets nothing; the bootstrap probes again.
        }
    }

    // The request line, once the whole head (up to the blank line) has arrived; headers and body are not needed.
    private static async Task<string?> ReadRequestLineAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[MaxRequestHead];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            length += read;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                return text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
            }
        }

        return null;
    }

    // As Akka.Management's own route: a node on its way out reports itself only; otherwise reachable members that
    // are joining or up, which a new node may join.
    private HttpBootstrapJsonProtocol.SeedNodes SeedNodes()
    {
        var cluster = Akka.Cluster.Cluster.Get(_system);
        var self = cluster.SelfMember;
        if (self.Status is MemberStatus.Leaving or MemberStatus.Exiting or MemberStatus.Down or MemberStatus.Removed)
        {
            return new(self.UniqueAddress.Address, []);
        }

        var state = cluster.State;
        var members = state.Members
            .Where(m => !state.Unreachable.Contains(m) && m.Status is MemberStatus.Joining or MemberStatus.Up or MemberStatus.WeaklyUp)
            .Take(5)
            .Select(m => new HttpBootstrapJsonProtocol.ClusterMember(m.UniqueAddress.Address, m.UniqueAddress.Uid, m.Status, m.Roles));
        return new(self.UniqueAddress.Address, [.. members]);
    }
}
