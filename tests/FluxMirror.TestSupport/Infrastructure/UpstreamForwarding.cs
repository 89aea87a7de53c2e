using Microsoft.AspNetCore.Http;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// The request/response translation of a reverse proxy in front of a real registry (hop-by-hop headers dropped,
/// absolute registry URLs in headers rewritten to the proxy), shared by the loopback fixtures.
/// </summary>
public static class UpstreamForwarding
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host",
    };

    public static HttpRequestMessage BuildUpstreamRequest(HttpRequest request, Uri target)
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

    /// <summary>Copies status and headers; upload and redirect locations of <paramref name="target"/> are rewritten to <paramref name="publicBase"/>.</summary>
    public static void CopyResponseHeaders(HttpResponseMessage upstream, HttpResponse response, Uri target, string publicBase)
    {
        response.StatusCode = (int)upstream.StatusCode;
        foreach (var (name, values) in upstream.Headers.Concat(upstream.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                response.Headers[name] = values.Select(v => v.Replace($"{target.Scheme}://{target.Authority}", publicBase, StringComparison.OrdinalIgnoreCase)).ToArray();
            }
        }
    }
}
