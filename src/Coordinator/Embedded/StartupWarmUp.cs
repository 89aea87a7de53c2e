namespace FluxMirror.Coordinator.Embedded;

/// <summary>
/// Work an embedded run will do anyway, started on a second thread while the main one parses flags and
/// loads the config (measured with bench/noop-start.sh): Akka reads the application's XML configuration
/// on every actor system start (about 70 ms the first time, hashing included) and compiles the regular
/// expressions of its HOCON values (about 40 ms). Both are process-wide one-time initialisations, so
/// doing them early costs nothing twice. (Warming the journal's linq2db query layer here as well was
/// measured too: no gain, it only competes with the main thread.) Best effort: a failure here is left for
/// the real call to report.
/// </summary>
public static class StartupWarmUp
{
    /// <summary>Starts the warm-up when <paramref name="args"/> run the embedded node.</summary>
    public static void StartFor(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("sync" or "job") || args.Contains("--cluster") || args.Any(a => a.StartsWith("--cluster=", StringComparison.Ordinal)))
        {
            return;
        }

        new Thread(Run) { IsBackground = true, Name = "startup-warm-up" }.Start();
    }

    private static void Run()
    {
        try
        {
            System.Configuration.ConfigurationManager.GetSection("akka");
            Akka.Configuration.ConfigurationFactory.ParseString("warm-up = 1s").GetTimeSpan("warm-up");
            using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection();
        }
        catch (Exception)
        {
            // Deliberately ignored: each of these runs again, for real, where its failure is handled.
        }
    }
}
