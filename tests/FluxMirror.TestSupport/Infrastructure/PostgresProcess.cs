namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// A throw-away PostgreSQL 15 cluster on 127.0.0.1:&lt;free port&gt; (trust auth, fsync off) with a
/// <c>fluxmirror</c> database. Restartable on the same data dir and port, for persistence tests.
/// </summary>
public sealed class PostgresProcess : IAsyncDisposable
{
    private const string Database = "fluxmirror";
    private const int MaxStartAttempts = 5;
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    private readonly string _workDirectory;
    private int? _postmasterPid;

    private PostgresProcess(string workDirectory, int port)
    {
        _workDirectory = workDirectory;
        Port = port;
    }

    public int Port { get; private set; }

    /// <summary>Npgsql format.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={Database}";

    public string DataDirectory => Path.Combine(_workDirectory, "data");

    public bool IsRunning => _postmasterPid is not null;

    public static async Task<PostgresProcess> StartAsync(CancellationToken ct = default)
    {
        var workDirectory = TempDirectory.Create("postgres");
        var postgres = new PostgresProcess(workDirectory, FreePort.Next());
        try
        {
            await postgres.InitializeClusterAsync(ct);
            await postgres.StartWithPortRetriesAsync(ct);
            await postgres.PsqlAsync($"create database {Database}", "postgres", ct);
            return postgres;
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs SQL through psql (unaligned, tuples only) and returns its stdout; throws on failure.</summary>
    public Task<string> PsqlAsync(string sql, CancellationToken ct = default) => PsqlAsync(sql, Database, ct);

    /// <summary>Immediate shutdown, i.e. what a crash looks like to clients.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        if (_postmasterPid is not { } pid)
            return;
        await PostgresTools.RunAsync(_workDirectory, "pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], ToolTimeout, ct);
        ProcessReaper.Untrack(pid);
        _postmasterPid = null;
    }

    /// <summary>Stops and starts again on the same data directory and port.</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await StopAsync(ct);
        await StartServerAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (_postmasterPid is { } pid)
                ProcessReaper.Kill(pid);
            TempDirectory.TryDelete(_workDirectory);
        }
    }

    private async Task InitializeClusterAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Path.Combine(_workDirectory, "sockets"));
        await PostgresTools.GrantToServiceUserAsync(_workDirectory, ct);
        await PostgresTools.RunAsync(_workDirectory, "initdb",
            ["-D", DataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"], ToolTimeout, ct);
        // Appended settings win over the defaults above them; the cluster is disposable, so durability is off.
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), $"""

            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{Path.Combine(_workDirectory, "sockets")}'
            fsync = off
            full_page_writes = off

            """, ct);
    }

    private async Task StartWithPortRetriesAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartServerAsync(ct);
                return;
            }
            catch (InvalidOperationException) when (attempt < MaxStartAttempts && PortWasTaken())
            {
                Port = FreePort.Next();
            }
        }
    }

    private async Task StartServerAsync(CancellationToken ct)
    {
        // The port goes on the command line so a retry never has to rewrite postgresql.conf.
        await PostgresTools.RunAsync(_workDirectory, "pg_ctl",
            ["-D", DataDirectory, "-l", LogFile, "-o", $"-p {Port}", "-w", "-t", "30", "start"], ToolTimeout, ct);
        _postmasterPid = int.Parse((await File.ReadAllLinesAsync(Path.Combine(DataDirectory, "postmaster.pid"), ct))[0]);
        ProcessReaper.Track(_postmasterPid.Value);
    }

    private string LogFile => Path.Combine(_workDirectory, "postgres.log");

    private bool PortWasTaken() =>
        File.Exists(LogFile) && File.ReadAllText(LogFile).Contains("could not bind", StringComparison.Ordinal);

    private async Task<string> PsqlAsync(string sql, string database, CancellationToken ct)
    {
        var result = await PostgresTools.RunAsync(_workDirectory, "psql",
            ["-h", "127.0.0.1", "-p", Port.ToString(), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-tA", "-c", sql],
            ToolTimeout, ct);
        return result.StandardOutput.Trim();
    }
}
