using FluxMirror.TestSupport.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FluxMirror.TestSupport.Aws;

/// <summary>A plain-HTTP Kestrel app on 127.0.0.1:&lt;free port&gt; running one handler: the body of each AWS fake.</summary>
public sealed class AwsFakeHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AwsFakeHost(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>"http://127.0.0.1:port" (no trailing slash), as an <c>AWS_ENDPOINT_URL_*</c> value.</summary>
    public string Url { get; }

    public static async Task<AwsFakeHost> StartAsync(RequestDelegate handler, CancellationToken ct)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync(ct);
        return new AwsFakeHost(app, url);
    }

    /// <summary>The whole request body (the fakes' bodies are a few hundred bytes).</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }

    public static SigV4Check Verify(HttpRequest request, byte[] body, AwsTestKeys keys) =>
        SigV4Verifier.Verify(
            request.Method,
            request.Path.HasValue ? request.Path.Value! : "/",
            request.QueryString.Value ?? "",
            name => name == "host" ? request.Host.Value : request.Headers.TryGetValue(name, out var v) ? v.ToString() : null,
            body,
            keys.Find);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
