using System.Net;
using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Transport;

/// <summary>Takes one gate permit per HTTP request, held until the response headers arrive.</summary>
internal sealed class GateHandler(IHostRequestGate gate) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var host = RegistryRequestOptions.HostOf(request);
        using var permit = await gate.EnterAsync(host, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            gate.ReportOutcome(host, response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500);
            return response;
        }
        catch (HttpRequestException)
        {
            gate.ReportOutcome(host, ok: false);
            throw;
        }
    }
}
