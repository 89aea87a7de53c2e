using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// Readiness needs the journal's database: one connection opened (from Npgsql's pool) per probe, as the start-up
/// preflight does, and its one-line reason (host, port and database, never the connection string) when it fails.
/// Akka.Persistence.Sql.Hosting's own connectivity check cannot be used: built against linq2db 5, it fails to load
/// with the linq2db 6 that Akka.Persistence.Sql 1.5.73 brings (TypeLoadException on every probe).
/// </summary>
internal sealed class JournalConnectivityCheck(string connectionString) : IAkkaHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(AkkaHealthCheckContext context, CancellationToken cancellationToken = default) =>
        await PostgresPreflight.ProblemAsync(connectionString, cancellationToken).ConfigureAwait(false) is { } problem
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy("the journal's PostgreSQL database accepts connections");
}
