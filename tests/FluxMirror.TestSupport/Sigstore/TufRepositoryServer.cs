using System.Collections.Concurrent;
using FluxMirror.Domain.Signatures.Tuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FluxMirror.TestSupport.Sigstore;

/// <summary>
/// Serves a <see cref="TufTestRepository"/> over HTTP on 127.0.0.1:&lt;free port&gt; the way a TUF CDN does: metadata
/// under <c>/metadata/</c>, targets under <c>/targets/</c>, 404 for anything not published. What it serves is read at
/// request time, so a test can rotate or republish between client runs. Every request path is logged.
/// </summary>
public sealed class TufRepositoryServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TufTestRepository _repository;
    private readonly ConcurrentQueue<string> _requests = new();

    private TufRepositoryServer(TufTestRepository repository)
    {
        _repository = repository;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(ServeAsync);
    }

    public Uri MetadataUrl { get; private set; } = null!;

    /// <summary>The repository as the Sigstore CDN lays it out (and as <c>--sigstore-tuf-url</c> takes it): metadata
    /// at the root, targets under <c>targets/</c>. The same files are also served under <see cref="MetadataUrl"/>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public Uri TargetsUrl { get; private set; } = null!;

    /// <summary>Paths requested so far, in order (e.g. <c>/metadata/2.root.json</c>).</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    public static async Task<TufRepositoryServer> StartAsync(TufTestRepository repository, CancellationToken ct)
    {
        var server = new TufRepositoryServer(repository);
        await server._app.StartAsync(ct);
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = new Uri($"{address}/");
        server.MetadataUrl = new Uri($"{address}/metadata/");
        server.TargetsUrl = new Uri($"{address}/targets/");
        return server;
    }

    /// <summary>This repository for a client that trusts its first root.</summary>
    public TufRepository Repository(string? cacheDirectory) => new(MetadataUrl, TargetsUrl, _repository.InitialRoot, cacheDirectory);

    public void ClearRequests() => _requests.Clear();

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        _requests.Enqueue(path);
        var file = path.StartsWith("/metadata/", StringComparison.Ordinal) ? path["/metadata/".Length..]
            : path.StartsWith("/targets/", StringComparison.Ordinal) ? "targets/" + path["/targets/".Length..]
            : path.Length > 1 && path.IndexOf('/', 1) < 0 ? path[1..]
            : null;
        if (file is null || !_repository.Files.TryGetValue(file, out var content))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        http.Response.ContentType = "application/octet-stream";
        http.Response.ContentLength = content.Length;
        await http.Response.Body.WriteAsync(content, http.RequestAborted);
    }
}
