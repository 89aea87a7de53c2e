using Microsoft.AspNetCore.Http;

namespace FluxMirror.TestSupport.Http;

/// <summary>
/// The request and response copying a test front needs to pass a request through to a real registry: hop-by-hop
/// headers dropped, bodies streamed, and absolute upload/redirect locations of the registry rewritten to the front, so
/// the client keeps coming back through it.
/// </summary>
public static class HttpForwarding
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host",
    };

    public static HttpRequestMessage UpstreamRequest(HttpRequest request, Uri target)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(target, request.Path + request.QueryString));
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            message.Content = new StreamContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        return message;
    }

    /// <summary>Copies status and headers; <paramref name="frontBase"/> (<c>scheme://authority</c>) replaces the target's in every header value.</summary>
    public static void CopyResponseHeaders(HttpResponseMessage upstream, HttpResponse response, Uri target, string frontBase)
    {
        response.StatusCode = (int)upstream.StatusCode;
        var targetBase = $"{target.Scheme}://{target.Authority}";
        foreach (var (name, values) in upstream.Headers.Concat(upstream.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                response.Headers[name] = values.Select(v => v.Replace(targetBase, frontBase, StringComparison.OrdinalIgnoreCase)).ToArray();
            }
        }
    }

    /// <summary>Forwards one request and streams the response back.</summary>
    public static async Task ForwardAsync(HttpContext context, HttpClient upstream, Uri target, string frontBase)
    {
        using var request = UpstreamRequest(context.Request, target);
        using var response = await upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        CopyResponseHeaders(response, context.Response, target, frontBase);
        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>A client for talking to the upstream: no proxy, no redirects followed, no cookies.</summary>
    public static HttpClient UpstreamClient() =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromMinutes(2) };
}
