using FluxMirror.Coordinator.Cli;
using Microsoft.Data.Sqlite;

namespace FluxMirror.Coordinator.Embedded;

/// <summary>
/// Where the embedded node keeps its journal: <c>--state-dir</c>, else <c>FLUX_MIRROR_STATE_DIR</c>, else
/// <c>$XDG_STATE_HOME/flux-mirror</c> or <c>~/.local/state/flux-mirror</c>. One SQLite file, WAL mode.
/// </summary>
public static class StateStore
{
    public const string EnvironmentVariable = "FLUX_MIRROR_STATE_DIR";

    public static string ResolveDirectory(string? flag)
    {
        if (!string.IsNullOrWhiteSpace(flag))
        {
            return Path.GetFullPath(flag);
        }

        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            return Path.GetFullPath(env);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        var root = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state")
            : xdg;
        return Path.Combine(root, "flux-mirror");
    }

    /// <summary>Creates the directory and the database file (WAL) and returns the connection string.</summary>
    public static string Open(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "state.db"), Pooling = true }.ToString();
            using var db = new SqliteConnection(connection);
            db.Open();
            using var wal = db.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
            return connection;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException)
        {
            throw new CliException($"state directory {directory}: {ex.Message}");
        }
    }
}
