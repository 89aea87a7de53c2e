using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FluxMirror.TestSupport.Http;

/// <summary>
/// A stand-in for a coordinator's job API on 127.0.0.1:&lt;free port&gt; whose every answer a test writes, so it can
/// misbehave the ways a real one does when its node dies or is cut off: never answer, stall a stream mid-way, or
/// only send heartbeats. Requests are counted per path.
/// </summary>
public sealed class FakeCoordinator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _hits = new();

    private FakeCoordinator(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(async http =>
        {
            _hits.AddOrUpdate(http.Request.Path.Value ?? "", 1, (_, n) => n + 1);
            try
            {
                await handler(http);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                // The client gave up: what the tests wait for.
            }
        });
    }

    /// <summary>e.g. http://127.0.0.1:41234</summary>
    public string Url { get; private set; } = "";

    /// <summary>How many requests reached <paramref name="path"/> (e.g. /jobs/j1/events).</summary>
    public int Hits(string path) => _hits.GetValueOrDefault(path);

    public static async Task<FakeCoordinator> StartAsync(Func<HttpContext, Task> handler, CancellationToken ct)
    {
        var fake = new FakeCoordinator(handler);
        await fake._app.StartAsync(ct);
        fake.Url = fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return fake;
    }

    /// <summary>Never answers: waits until the client hangs up (what a stuck or half-open peer looks like).</summary>
    public static Task NeverAnswerAsync(HttpContext http) => Task.Delay(Timeout.Infinite, http.RequestAborted);

    /// <summary>Starts an NDJSON stream: status and headers go out at once.</summary>
    public static async Task StartStreamAsync(HttpContext http)
    {
        http.Response.ContentType = "application/x-ndjson";
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    public static async Task WriteLineAsync(HttpContext http, string line)
    {
        await http.Response.WriteAsync(line + "\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        // Bounded: a request some client never hung up on is aborted rather than waited for.
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>
/// A loopback port that refuses connections (bound, never listening) for as long as this lives: unlike a port some
/// server just let go of, no other test can take it meanwhile.
/// </summary>
public sealed class RefusedPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusedPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Url = $"http://127.0.0.1:{((IPEndPoint)_socket.LocalEndPoint!).Port}";
    }

    public string Url { get; }

    public void Dispose() => _socket.Dispose();
}
