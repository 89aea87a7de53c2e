using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FluxMirror.TestSupport.Http;

namespace FluxMirror.TestSupport.Cloud;

/// <summary>
/// An HTTP CONNECT proxy on 127.0.0.1, the way corporate networks reach registries: the CLI child gets
/// <c>HTTPS_PROXY</c> and asks for a tunnel to <c>123456789012.dkr.ecr.us-east-1.amazonaws.com:443</c>; the proxy
/// connects that name to the loopback port a test routed it to, so the cloud-named host is served by a test server
/// without any test-only switch in the client. Unrouted destinations get 403, so nothing leaves the machine.
/// </summary>
public sealed class ConnectProxy : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _routes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _tunnels = new();
    private readonly TcpAcceptLoop _connections;

    private ConnectProxy()
    {
        _connections = new TcpAcceptLoop(TunnelAsync);
        Url = $"http://127.0.0.1:{_connections.Port}";
    }

    /// <summary><c>http://127.0.0.1:port</c>.</summary>
    public string Url { get; }

    /// <summary>Every CONNECT target asked for (<c>name:port</c>), routed or not, in arrival order.</summary>
    public IReadOnlyList<string> Tunnels => _tunnels.ToArray();

    public static Task<ConnectProxy> StartAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(new ConnectProxy());
    }

    /// <summary>Tunnels <c>hostName:443</c> to <c>127.0.0.1:loopbackPort</c>.</summary>
    public void Route(string hostName, int loopbackPort) => _routes[hostName + ":443"] = loopbackPort;

    /// <summary>What a child needs to use this proxy for HTTPS and go direct to loopback.</summary>
    public IDictionary<string, string?> Environment() => new Dictionary<string, string?>
    {
        ["HTTPS_PROXY"] = Url,
        ["https_proxy"] = null,
        ["HTTP_PROXY"] = null,
        ["http_proxy"] = null,
        ["NO_PROXY"] = "127.0.0.1,localhost",
        ["no_proxy"] = null,
        ["ALL_PROXY"] = null,
        ["all_proxy"] = null,
    };

    public ValueTask DisposeAsync() => _connections.DisposeAsync();

    private async Task TunnelAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var downstream = client.GetStream();
                var target = await ReadConnectTargetAsync(downstream, _connections.Stopping);
                if (target is null)
                {
                    await ReplyAsync(downstream, "400 Bad Request");
                    return;
                }

                _tunnels.Enqueue(target);
                if (!_routes.TryGetValue(target, out var port))
                {
                    await ReplyAsync(downstream, "403 Forbidden");
                    return;
                }

                using var upstreamClient = new TcpClient();
                await upstreamClient.ConnectAsync(IPAddress.Loopback, port, _connections.Stopping);
                var upstream = upstreamClient.GetStream();
                await ReplyAsync(downstream, "200 Connection established");
                using var done = CancellationTokenSource.CreateLinkedTokenSource(_connections.Stopping);
                var up = downstream.CopyToAsync(upstream, done.Token);
                var down = upstream.CopyToAsync(downstream, done.Token);
                await Task.WhenAny(up, down);
                await done.CancelAsync();
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A side hung up: the tunnel ends with it.
            }
        }
    }

    /// <summary>Reads the request head; returns the CONNECT authority, or null for anything else.</summary>
    private static async Task<string?> ReadConnectTargetAsync(Stream stream, CancellationToken ct)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (head.Length > 16 * 1024 || await stream.ReadAsync(one, ct) == 0)
            {
                return null;
            }

            head.Append((char)one[0]);
        }

        var requestLine = head.ToString().Split("\r\n")[0].Split(' ');
        return requestLine is ["CONNECT", var authority, _] ? authority : null;
    }

    private static Task ReplyAsync(Stream stream, string status) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n")).AsTask();
}
