using System.Collections.Concurrent;
using FluxMirror.Actors.RateLimit;
using FluxMirror.TestSupport.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// A reverse proxy on 127.0.0.1:&lt;free port&gt; in front of a real registry: streams every request and response
/// through, rewrites Location to itself, measures how many requests are in flight at once, records arrival times,
/// can answer the next N requests with 429 + Retry-After, and can inject a <see cref="FaultSchedule"/> of 429s, 503s and
/// connections reset mid-body. Counts the response body bytes it served, so a bench can tell how often each blob crossed.
/// </summary>
public sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly Uri _target;
    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();
    private int _inFlight;
    private int _maxInFlight;
    private long _bytesServed;
    private int _throttleSkip;
    private int _throttleCount;
    private readonly Lock _throttleLock = new();

    private LoopbackProxy(Uri target, int port)
    {
        _target = target;
        Host = $"127.0.0.1:{port}";
        _upstream = HttpForwarding.UpstreamClient();
        _upstream.Timeout = Timeout.InfiniteTimeSpan;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{Host}");
        _app = builder.Build();
        _app.Run(ForwardAsync);
    }

    /// <summary>"127.0.0.1:port", for image references.</summary>
    public string Host { get; }

    /// <summary>Added before forwarding each request, to make copies slow enough to overlap with what a test does.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Checked before a request is forwarded; false answers 401 (a registry front checking credentials).</summary>
    public Func<HttpContext, Task<bool>>? Admit { get; set; }

    /// <summary>Faults to inject, or null for a clean proxy.</summary>
    public FaultSchedule? Faults { get; set; }

    /// <summary>The most requests that were in flight at the same time.</summary>
    public int MaxConcurrent => Volatile.Read(ref _maxInFlight);

    /// <summary>Response body bytes sent to clients so far (manifests, blobs, error bodies alike).</summary>
    public long BytesServed => Interlocked.Read(ref _bytesServed);

    /// <summary>Every request that reached the proxy so far, in arrival order.</summary>
    public IReadOnlyList<ProxiedRequest> Requests() => _requests.ToArray();

    public static async Task<LoopbackProxy> StartAsync(Uri target, CancellationToken ct)
    {
        var proxy = new LoopbackProxy(target, FreePort.Next());
        await proxy._app.StartAsync(ct);
        return proxy;
    }

    /// <summary>Lets <paramref name="skip"/> more requests through, then answers the following <paramref name="count"/> with 429.</summary>
    public void ThrottleNext(int count, int skip = 0)
    {
        lock (_throttleLock)
        {
            _throttleSkip = skip;
            _throttleCount = count;
        }
    }

    /// <summary>Forgets recorded requests, the observed maximum and the bytes served.</summary>
    public void Reset()
    {
        _requests.Clear();
        Interlocked.Exchange(ref _bytesServed, 0);
        Volatile.Write(ref _maxInFlight, Volatile.Read(ref _inFlight));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private bool TakeThrottle()
    {
        lock (_throttleLock)
        {
            if (_throttleSkip > 0)
            {
                _throttleSkip--;
                return false;
            }

            if (_throttleCount == 0)
            {
                return false;
            }

            _throttleCount--;
            return true;
        }
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        var throttled = TakeThrottle();
        _requests.Enqueue(new ProxiedRequest(DateTimeOffset.UtcNow, request.Method, request.Path + request.QueryString, throttled));
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, now);
        var counted = true;

        // Leaves the in-flight count before the client can see the end of the response, so a client that
        // starts its next request on completion is never counted twice.
        void Leave()
        {
            if (counted)
            {
                counted = false;
                Interlocked.Decrement(ref _inFlight);
            }
        }

        try
        {
            if (throttled)
            {
                Leave();
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "2";
                return;
            }

            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, context.RequestAborted);
            }

            if (Admit is { } admit && !await admit(context))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
            var fault = Faults?.Next(request.Method, request.Path, hasBody || HttpMethods.IsGet(request.Method)) ?? ProxyFault.None;
            if (fault is ProxyFault.TooManyRequests or ProxyFault.Unavailable)
            {
                context.Response.StatusCode = fault == ProxyFault.Unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status429TooManyRequests;
                if (fault == ProxyFault.TooManyRequests)
                {
                    context.Response.Headers.RetryAfter = "1";
                }

                return;
            }

            if (fault == ProxyFault.ResetMidBody && hasBody)
            {
                await ReadHalfThenResetAsync(context);
                return;
            }

            using var upstreamRequest = HttpForwarding.UpstreamRequest(request, _target);
            using var upstreamResponse = await _upstream.SendAsync(upstreamRequest, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            HttpForwarding.CopyResponseHeaders(upstreamResponse, context.Response, _target, $"http://{Host}");
            if (fault == ProxyFault.ResetMidBody)
            {
                await SendHalfThenResetAsync(upstreamResponse, context);
                return;
            }

            await using var body = await upstreamResponse.Content.ReadAsStreamAsync(context.RequestAborted);
            await CopyHoldingLastChunkAsync(body, context.Response.Body, Leave, context.RequestAborted);
        }
        finally
        {
            Leave();
        }
    }

    private static async Task ReadHalfThenResetAsync(HttpContext context)
    {
        var half = Math.Max(1, (context.Request.ContentLength ?? 2) / 2);
        var buffer = new byte[16 * 1024];
        for (long read = 0; read < half;)
        {
            var n = await context.Request.Body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, half - read)), context.RequestAborted);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        context.Abort();
    }

    private async Task SendHalfThenResetAsync(HttpResponseMessage upstream, HttpContext context)
    {
        var body = await upstream.Content.ReadAsByteArrayAsync(context.RequestAborted);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), context.RequestAborted);
        Interlocked.Add(ref _bytesServed, body.Length / 2);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        context.Abort();
    }

    private async Task CopyHoldingLastChunkAsync(Stream source, Stream destination, Action beforeLast, CancellationToken ct)
    {
        var held = new byte[16 * 1024];
        var next = new byte[16 * 1024];
        var heldCount = await source.ReadAsync(held, ct);
        while (heldCount > 0)
        {
            var nextCount = await source.ReadAsync(next, ct);
            if (nextCount == 0)
            {
                beforeLast();
            }

            await destination.WriteAsync(held.AsMemory(0, heldCount), ct);
            Interlocked.Add(ref _bytesServed, heldCount);
            (held, next, heldCount) = (next, held, nextCount);
        }

        beforeLast();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

/// <summary>A request as it reached the proxy; <paramref name="Throttled"/> if it was answered with 429.</summary>
public sealed record ProxiedRequest(DateTimeOffset Arrived, string Method, string PathAndQuery, bool Throttled);
