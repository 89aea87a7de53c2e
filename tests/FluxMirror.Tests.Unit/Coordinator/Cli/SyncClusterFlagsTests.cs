using FluxMirror.TestSupport.Cli;

namespace FluxMirror.Tests.Unit.Coordinator.Cli;

/// <summary>
/// <c>sync --cluster</c> refuses what a cluster would ignore or its nodes refuse, before contacting anything: the
/// flags only an embedded run honours, options out of range, and config features not built yet.
/// </summary>
public sealed class SyncClusterFlagsTests
{
    // Nothing listens here: every case must fail before the CLI talks to a coordinator.
    private const string Nowhere = "http://127.0.0.1:9";
    private const string Valid = SyncConfigs.Header + "artifacts:\n  - source: ghcr.io/org/app\n    destination: quay.io/org/app\n";

    [Theory]
    [InlineData("--state-dir", "/tmp/fm-state", "--state-dir cannot be used with --cluster: the cluster journals its jobs in its PostgreSQL database")]
    [InlineData("--max-requests-per-host", "8", "--max-requests-per-host cannot be used with --cluster: the cluster's workers take FLUX_MIRROR_MAX_REQUESTS_PER_HOST from their environment")]
    [InlineData("--requests-per-second-per-host", "2.5", "--requests-per-second-per-host cannot be used with --cluster: the cluster's workers take FLUX_MIRROR_REQUESTS_PER_SECOND_PER_HOST from their environment")]
    public async Task Flags_a_cluster_ignores_are_refused_with_cluster(string flag, string value, string expected)
    {
        var result = await CliRunner.RunWithStdinAsync(Valid, "sync", "-", flag, value, "--cluster", Nowhere);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"✗ {expected}\n", result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task Set_to_their_defaults_they_are_refused_all_the_same()
    {
        var result = await CliRunner.RunWithStdinAsync(Valid, "sync", "-", "--cluster", Nowhere, "--max-requests-per-host=32");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("✗ --max-requests-per-host cannot be used with --cluster: ", result.Stderr);
    }

    [Theory]
    [InlineData("--concurrency", "0", "--concurrency must be greater than 0")]
    [InlineData("--concurrency", "5000", "--concurrency must be at most 1024")]
    [InlineData("--retries", "-1", "--retries must be greater than or equal to 0")]
    [InlineData("--timeout", "0s", "--timeout must be greater than 0")]
    [InlineData("--timeout", "48h", "--timeout must be at most 24h0m0s")]
    public async Task Options_out_of_range_are_refused_with_the_shared_messages(string flag, string value, string expected)
    {
        foreach (var cluster in new[] { Array.Empty<string>(), ["--cluster", Nowhere] })
        {
            var result = await CliRunner.RunWithStdinAsync(Valid, ["sync", "-", flag, value, .. cluster]);

            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"✗ {expected}\n", result.Stderr);
        }
    }

    [Theory]
    [InlineData("hosts:\n  - host: s.example\n    tls: {serverAuth: {value: not-a-pem}}\n", "hosts[0]: tls: serverAuth: no valid certificates in CA bundle")]
    public async Task Configs_the_embedded_run_refuses_are_refused_with_cluster_too(string extra, string expected)
    {
        var yaml = Valid + extra;

        var cluster = await CliRunner.RunWithStdinAsync(yaml, "sync", "-", "--cluster", Nowhere);
        var embedded = await CliRunner.RunWithStdinAsync(yaml, "sync", "-");

        Assert.Equal(1, cluster.ExitCode);
        Assert.Equal($"✗ {expected}\n", cluster.Stderr);
        Assert.Equal((embedded.ExitCode, embedded.Stderr), (cluster.ExitCode, cluster.Stderr));
    }

    [Fact]
    public async Task Flags_the_cluster_honours_are_not_refused()
    {
        // Reaches the (absent) coordinator: every flag passed the checks.
        var result = await CliRunner.RunWithStdinAsync(Valid, "sync", "-", "--cluster", Nowhere, "--fresh", "--dry-run", "--overwrite", "--insecure", "--concurrency", "2", "--retries", "0", "--timeout", "1m", "--drift-exit-code", "3", "--no-envsubst", "-o", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("✗ cannot reach the coordinator at http://127.0.0.1:9: ", result.Stderr);
    }
}
