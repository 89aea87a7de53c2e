namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// Runs the PostgreSQL 15 binaries. initdb and postgres refuse to run as root, so when the tests run
/// as root the tools run as the <c>postgres</c> user, which must then own the cluster directory.
/// </summary>
public static class PostgresTools
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private const string ServiceUser = "postgres";

    private static bool RunningAsRoot => Environment.UserName == "root";

    public static async Task GrantToServiceUserAsync(string directory, CancellationToken ct)
    {
        if (!RunningAsRoot)
            return;
        var result = await ProcessRunner.RunAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", directory], ct);
        if (!result.Succeeded)
            throw new InvalidOperationException($"chown of the postgres directory failed: {result.StandardError.Trim()}");
    }

    public static async Task<ProcessResult> RunAsync(
        string workDirectory, string tool, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken ct)
    {
        var executable = Path.Combine(BinDirectory, tool);
        var (fileName, fullArguments) = RunningAsRoot
            ? ("runuser", (IEnumerable<string>)["-u", ServiceUser, "--", executable, .. arguments])
            : (executable, arguments);
        // The work directory, not the caller's cwd: the service user may not be allowed into the latter.
        var options = new ProcessRunOptions { Timeout = timeout, WorkingDirectory = workDirectory };
        var result = await ProcessRunner.RunAsync(fileName, fullArguments, options, ct);
        if (!result.Succeeded)
            throw new InvalidOperationException($"{tool} failed with exit code {result.ExitCode}: {result.StandardError.Trim()}");
        return result;
    }
}
