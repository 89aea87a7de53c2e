using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FluxMirror.Hosting.Http;

/// <summary>
/// A small HTTP server beside a node (the operator port, the management port). Each has its own Kestrel, so a port
/// that is taken or a listener that fails costs that server only, never the node; route handlers see the node's
/// actor system, actor registry and services (<see cref="NodeServices"/>).
/// </summary>
public sealed class SideServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private SideServer(WebApplication app, string url)
    {
        this.app = app;
        Url = url;
    }

    /// <summary>Where it listens, with the port Kestrel chose when asked for port 0.</summary>
    public string Url { get; }

    /// <summary>Starts the server, or reports why it could not and returns null: the node runs on without it.</summary>
    public static async Task<SideServer?> TryStartAsync(string name, string host, int port, IServiceProvider node, Action<WebApplication> map, Action<string> warn, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}");
        builder.Services.AddSingleton(node.GetRequiredService<ActorSystem>());
        builder.Services.AddSingleton(node.GetRequiredService<ActorRegistry>());
        builder.Services.AddSingleton(new NodeServices(node));
        var app = builder.Build();
        map(app);
        try
        {
            await app.StartAsync(ct);
            return new SideServer(app, app.Urls.FirstOrDefault() ?? $"http://{host}:{port}");
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            warn($"the {name} port {host}:{port} is not served: {ex.Message}");
            await app.DisposeAsync();
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}

/// <summary>The node's own service provider, for side-server handlers that need more than the actor system.</summary>
public sealed record NodeServices(IServiceProvider Services);
