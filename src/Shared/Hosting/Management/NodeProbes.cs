using FluxMirror.Actors.Nodes;
using FluxMirror.Hosting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FluxMirror.Hosting.Management;

/// <summary>
/// Liveness and readiness answered from the node's own HealthCheckService (the checks the node registered with
/// Akka.Hosting, see <see cref="NodeObservability"/>): on the management port through <see cref="NodeServices"/>,
/// on the coordinator's API port from its own services. 200 or 503 with a <see cref="HealthJson"/> body.
/// </summary>
public static class NodeProbes
{
    /// <summary>Under a probe's usual 5 s timeout (the slowest check, the shard coordinator's answer, gives up after
    /// 3 s): checks still running then are answered unhealthy rather than left to the kubelet's timeout.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);

    // Route handlers (with the token, so they are not mistaken for RequestDelegates, which would drop the result).
    public static Task<IResult> LiveAsync(HttpContext http, CancellationToken ct) => ProbeAsync(http, NodeObservability.Live, ct);

    public static Task<IResult> ReadyAsync(HttpContext http, CancellationToken ct) => ProbeAsync(http, NodeObservability.Ready, ct);

    private static async Task<IResult> ProbeAsync(HttpContext http, string tag, CancellationToken ct)
    {
        var checks = http.RequestServices.GetService<NodeServices>()?.Services.GetService<HealthCheckService>()
            ?? http.RequestServices.GetService<HealthCheckService>();
        if (checks is null)
        {
            return Answer(new HealthJson("unhealthy", []), 503);
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(Budget);
        try
        {
            var report = await checks.CheckHealthAsync(r => r.Tags.Contains(tag), budget.Token);
            return Answer(HealthJson.From(report), HealthJson.StatusCodeOf(report.Status));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Answer(new HealthJson("unhealthy", [new("timeout", "unhealthy", $"the {tag} checks did not finish within {Budget.TotalSeconds:0} s", Budget.TotalMilliseconds)]), 503);
        }
    }

    private static IResult Answer(HealthJson body, int status) => Results.Json(body, statusCode: status);
}
