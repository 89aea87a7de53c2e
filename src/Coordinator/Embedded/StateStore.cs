using FluxMirror.Coordinator.Cli;
using Microsoft.Data.Sqlite;

namespace FluxMirror.Coordinator.Embedded;

/// <summary>
/// Where the embedded node keeps its journal: <c>--state-dir</c>, else <c>FLUX_MIRROR_STATE_DIR</c>, else
/// <c>$XDG_STATE_HOME/flux-mirror</c> or <c>~/.local/state/flux-mirror</c>. One SQLite file, WAL mode, readable
/// by its owner only (it holds job history and config text).
/// </summary>
public static class StateStore
{
    public const string EnvironmentVariable = "FLUX_MIRROR_STATE_DIR";

    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The directory to use, and whether the user named it (flag or variable) rather than taking the default.</summary>
    public static (string Directory, bool Named) Resolve(string? flag)
    {
        if (!string.IsNullOrWhiteSpace(flag))
        {
            return (Path.GetFullPath(flag), true);
        }

        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            return (Path.GetFullPath(env), true);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        var root = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state")
            : xdg;
        return (Path.Combine(root, "flux-mirror"), false);
    }

    public static string ResolveDirectory(string? flag) => Resolve(flag).Directory;

    /// <summary>Creates the directory (0700) and the database file (0600, WAL) and returns the connection string.</summary>
    public static string Open(string directory)
    {
        try
        {
            CreateOwnerOnly(directory);
            var file = Path.Combine(directory, "state.db");
            if (!File.Exists(file))
            {
                // Created before SQLite opens it so it is never readable by others; SQLite gives its -wal and -shm
                // files the database file's permissions.
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    create.UnixCreateMode = OwnerOnlyFile;
                }

                using (new FileStream(file, create))
                {
                }
            }

            var connection = new SqliteConnectionStringBuilder { DataSource = file, Pooling = true }.ToString();
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

    /// <summary>
    /// The journal for a sync run. A directory the user named must work (an error otherwise); the default one may not
    /// be writable (a hardened CronJob: read-only root, no home), and then the run still mirrors, journaling to
    /// memory, without resume, and says so in one line.
    /// </summary>
    public static StateDatabase OpenForSync(string directory, bool named, TextWriter stderr)
    {
        try
        {
            return new StateDatabase(Open(directory), keepAlive: null);
        }
        catch (CliException ex) when (!named)
        {
            stderr.WriteLine($"! {ex.Message}; mirroring without resume (set --state-dir or {EnvironmentVariable} to a writable directory to resume interrupted runs)");
            return StateDatabase.InMemory();
        }
    }

    private static void CreateOwnerOnly(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        var existed = Directory.Exists(directory);
        Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        if (!existed)
        {
            // CreateDirectory applies the umask; make sure the last component is exactly 0700.
            File.SetUnixFileMode(directory, OwnerOnlyDirectory);
        }
    }
}

/// <summary>A journal database; an in-memory one lives as long as its keep-alive connection.</summary>
public sealed class StateDatabase(string connectionString, SqliteConnection? keepAlive) : IDisposable
{
    public string ConnectionString { get; } = connectionString;

    public bool Persistent => keepAlive is null;

    public static StateDatabase InMemory()
    {
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = "flux-mirror-" + Guid.NewGuid().ToString("N"),
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
        }.ToString();
        var keepAlive = new SqliteConnection(connection);
        keepAlive.Open();
        return new StateDatabase(connection, keepAlive);
    }

    public void Dispose() => keepAlive?.Dispose();
}
