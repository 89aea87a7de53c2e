using System.Net;
using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// Takes one gate permit per HTTP request, held until the response headers arrive, and tells the gate how the host
/// answered (its limiter adapts the host's concurrency to that) unless <paramref name="reportsOutcomes"/> is false:
/// the scheme probe's https attempt on a plain-HTTP registry fails by design and says nothing about how the host copes.
/// </summary>
internal sealed class GateHandler(IHostRequestGate gate, bool reportsOutcomes = true) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var host = RegistryRequestOptions.HostOf(request);
        using var permit = await gate.EnterAsync(host, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (reportsOutcomes)
            {
                gate.ReportOutcome(host, response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500);
            }

            return response;
        }
        catch (HttpRequestException) when (reportsOutcomes)
        {
            gate.ReportOutcome(host, ok: false);
            throw;
        }
    }
}
