using System.Diagnostics;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// Counts and times each HTTP exchange just above the connection pools, so every attempt is seen once: retries,
/// token and ping calls, redirects to blob storage. Timed to the response headers; a body streams on afterwards.
/// </summary>
internal sealed class RequestMetricsHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var host = RegistryRequestOptions.HostOf(request);
        int? status = null;
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            return response;
        }
        finally
        {
            RegistryMetrics.RecordExchange(host, request.Method, status, Stopwatch.GetElapsedTime(started));
        }
    }
}
