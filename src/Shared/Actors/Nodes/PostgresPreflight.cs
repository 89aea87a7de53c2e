using Npgsql;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// Checks the shared journal's database before a node starts, so a missing or unreachable database is one
/// clear line and exit 1 instead of a node that joins and then fails every persistent actor.
/// Messages name host, port and database only: never the connection string (it may hold a password).
/// </summary>
public static class PostgresPreflight
{
    public static async Task<string?> ProblemAsync(string connectionString, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"no PostgreSQL database configured: set {ClusterNodeSettings.PostgresVariable} or pass --postgres";
        }

        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 10 };
        }
        catch (ArgumentException)
        {
            return "invalid PostgreSQL connection string (expected Host=…;Port=…;Database=…;Username=…)";
        }

        try
        {
            await using var connection = new NpgsqlConnection(parsed.ConnectionString);
            await connection.OpenAsync(ct);
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            var reason = ex is PostgresException pg ? pg.MessageText : ex.GetBaseException().Message;
            return $"cannot reach PostgreSQL at {parsed.Host}:{parsed.Port}/{parsed.Database}: {reason}";
        }
    }
}
