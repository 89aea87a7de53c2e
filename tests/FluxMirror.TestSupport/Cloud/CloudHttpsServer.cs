using System.Collections.Concurrent;
using System.Net;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FluxMirror.TestSupport.Cloud;

/// <summary>
/// An HTTPS server on 127.0.0.1:&lt;free port&gt; answering as one or more cloud-named hosts (certificate from
/// <see cref="CloudTrust"/>; reach it by name through <see cref="ConnectProxy"/>): the test maps the cloud's endpoints
/// (ECR API, ACR <c>/oauth2/exchange</c>, token endpoints…) with minimal APIs, and an optional
/// <see cref="CloudRegistryBackend"/> serves the registry API from a real docker-registry. Every request is recorded
/// (bodies of up to 64 KiB outside <c>/v2/</c>).
/// </summary>
public sealed class CloudHttpsServer : IAsyncDisposable
{
    private const int MaxRecordedBody = 64 * 1024;

    private readonly WebApplication _app;
    private readonly HttpClient _upstream = HttpForwarding.UpstreamClient();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly string _frontBase;

    private CloudHttpsServer(CloudTrust trust, string[] hostNames, Action<WebApplication> map, CloudRegistryBackend? registry)
    {
        Port = FreePort.Next();
        _frontBase = $"https://{hostNames[0]}";
        var certificate = trust.ServerCertificate(hostNames);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port, listen => listen.UseHttps(certificate)));
        _app = builder.Build();
        _app.Use(RecordAsync);
        map(_app);
        if (registry is not null)
        {
            // An explicit pattern: the default fallback skips paths that look like files (manifests/1.0.0).
            _app.MapFallback("{**path}", context => ServeRegistryAsync(context, registry));
        }
    }

    public int Port { get; }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public static async Task<CloudHttpsServer> StartAsync(
        CloudTrust trust, string[] hostNames, Action<WebApplication> map, CloudRegistryBackend? registry = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(hostNames.Length);
        var server = new CloudHttpsServer(trust, hostNames, map, registry);
        await server._app.StartAsync(ct);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var body = Array.Empty<byte>();
        if (!request.Path.StartsWithSegments("/v2") && request.ContentLength is > 0 and <= MaxRecordedBody)
        {
            request.EnableBuffering();
            using var copy = new MemoryStream();
            await request.Body.CopyToAsync(copy, context.RequestAborted);
            request.Body.Position = 0;
            body = copy.ToArray();
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new RecordedRequest(request.Method, request.Path + request.QueryString, headers, body));
        await next(context);
    }

    private async Task ServeRegistryAsync(HttpContext context, CloudRegistryBackend registry)
    {
        if (!context.Request.Path.StartsWithSegments("/v2"))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (registry.Authorize is { } authorize && !authorize(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            if (registry.Challenge is { } challenge)
            {
                context.Response.Headers.WWWAuthenticate = challenge;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}""", context.RequestAborted);
            return;
        }

        await HttpForwarding.ForwardAsync(context, _upstream, registry.Upstream, _frontBase);
    }
}
