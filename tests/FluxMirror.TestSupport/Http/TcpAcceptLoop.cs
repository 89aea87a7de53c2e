using System.Net;
using System.Net.Sockets;

namespace FluxMirror.TestSupport.Http;

/// <summary>
/// A TCP listener on 127.0.0.1:&lt;free port&gt; that hands every connection to <c>serve</c> on its own task, for the
/// hand-written test servers (scripted HTTP, CONNECT proxy). Disposing stops accepting; <c>Stopping</c> is cancelled
/// then, for connections that should end with the server.
/// </summary>
public sealed class TcpAcceptLoop : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TcpAcceptLoop(Func<TcpClient, Task> serve)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Stopping = _stop.Token;
        _loop = AcceptAsync(serve);
    }

    public int Port { get; }

    public CancellationToken Stopping { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(Func<TcpClient, Task> serve)
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => serve(client));
        }
    }
}
