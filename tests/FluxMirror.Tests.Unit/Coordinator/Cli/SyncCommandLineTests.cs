using FluxMirror.TestSupport.Cli;

namespace FluxMirror.Tests.Unit.Coordinator.Cli;

/// <summary>The CLI surface without registries: help, config source resolution, bad input.</summary>
public class SyncCommandLineTests
{
    [Fact]
    public async Task Sync_help_lists_every_flag_of_the_reference()
    {
        var result = await CliRunner.RunAsync("sync", "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var flag in new[] { "-o, --output", "--concurrency", "--retries", "--timeout", "--overwrite", "--drift-exit-code", "--dry-run", "--verbose", "--no-progress", "--insecure", "--no-envsubst" })
        {
            Assert.Contains(flag, result.Stdout);
        }

        Assert.Contains("Usage:\n  flux-mirror sync [CONFIG|-] [flags]", result.Stdout);
    }

    // The defaults come from JobOptions, ReportSummary and HostLimits; the help must still print them as the reference does.
    [Theory]
    [InlineData("Maximum number of copy operations to run in parallel per job. Must be greater than 0. (default 4)\n")]
    [InlineData("Maximum number of retry attempts per job, within the --timeout budget. Must be greater than or equal to 0. (default 3)\n")]
    [InlineData("Per-job total budget covering all retry attempts. Must be greater than 0. (default 5m0s)\n")]
    [InlineData("Exit code to use when drift is detected without failures (0-255). Set to 0 for immutable destinations that should not fail CI on drift. (default 2)\n")]
    [InlineData("Per-host overrides: FLUX_MIRROR_HOST_LIMITS=host=N[/R],... (default 32)\n")]
    public async Task Sync_help_prints_each_default_as_the_reference(string line)
    {
        var result = await CliRunner.RunAsync("sync", "--help");

        Assert.Contains(line, result.Stdout);
    }

    [Fact]
    public async Task Root_help_lists_commands()
    {
        var result = await CliRunner.RunAsync("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("  sync ", result.Stdout);
        Assert.Contains("  version ", result.Stdout);
    }

    [Fact]
    public async Task Version_prints_the_reporter_version()
    {
        var result = await CliRunner.RunAsync("version");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("flux-mirror v", result.Stdout);
    }

    [Fact]
    public async Task Unknown_command_is_one_line()
    {
        var result = await CliRunner.RunAsync("frobnicate");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("✗ unknown command \"frobnicate\" for \"flux-mirror\"\n", result.Stderr);
    }

    [Fact]
    public async Task Echoed_values_cannot_drive_the_terminal()
    {
        var result = await CliRunner.RunAsync("sync", "/nonexistent/\u001b]0;owned\u0007\u001b[2J.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("✗ ", result.Stderr);
        Assert.DoesNotContain(result.Stderr, c => char.IsControl(c) && c != '\n');
        Assert.Contains("\\x1b[2J", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Sync_without_a_config_names_every_way_to_give_one()
    {
        Environment.SetEnvironmentVariable("FLUX_MIRROR_CONFIG", null);
        var result = await CliRunner.RunAsync("sync");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("✗ config required: pass the config path as the first argument, pass '-' for stdin, or set FLUX_MIRROR_CONFIG\n", result.Stderr);
    }

    [Fact]
    public async Task Too_many_arguments()
    {
        var result = await CliRunner.RunAsync("sync", "a.yaml", "b.yaml");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("✗ accepts at most 1 arg(s), received 2\n", result.Stderr);
    }

    [Fact]
    public async Task Missing_config_file_is_one_line()
    {
        var result = await CliRunner.RunAsync("sync", "/nonexistent/flux-mirror.yaml");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("✗ open config: open /nonexistent/flux-mirror.yaml: no such file or directory", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("", "parse config")]
    [InlineData("- a\n- b\n", "parse config")]
    [InlineData("apiVersion: mirror.plugin.fluxcd.io/v1beta1\nkind: Config\n", "config has no entries: at least one of 'charts' or 'artifacts' must be set")]
    [InlineData("apiVersion: v1\nkind: Config\nartifacts: []\n", "apiVersion must be \"mirror.plugin.fluxcd.io/v1beta1\", got \"v1\"")]
    [InlineData("apiVersion: mirror.plugin.fluxcd.io/v1beta1\nkind: Config\nartifacts:\n  - source: a/b\n    destination: c/d\n    selector: { limit: -1 }\n", "artifacts[0]: selector: limit must be >= 0 (0 = unlimited)")]
    [InlineData("apiVersion: mirror.plugin.fluxcd.io/v1beta1\nkind: Config\nartifacts:\n  - source: a/b\n    destination: c/d\n    bogus: 1\n", "unknown field \"bogus\"")]
    [InlineData("apiVersion: mirror.plugin.fluxcd.io/v1beta1\nkind: Config\nartifacts:\n  - source: ${FLUX_MIRROR_TEST_UNSET_VAR}\n", "variable not set (strict mode): \"FLUX_MIRROR_TEST_UNSET_VAR\"")]
    [InlineData("apiVersion: mirror.plugin.fluxcd.io/v1beta1\nkind: Config\n\tartifacts: []\n", "parse config")]
    public async Task Bad_config_from_stdin_prints_one_cross_line_and_exits_1(string yaml, string expected)
    {
        var result = await CliRunner.RunWithStdinAsync(yaml, "sync", "-");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("✗ ", result.Stderr);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task Config_from_the_environment_variable_is_used()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fm-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, "apiVersion: nope\nkind: Config\n", TestContext.Current.CancellationToken);
        try
        {
            Environment.SetEnvironmentVariable("FLUX_MIRROR_CONFIG", path);
            var result = await CliRunner.RunAsync("sync");
            Assert.Equal("✗ apiVersion must be \"mirror.plugin.fluxcd.io/v1beta1\", got \"nope\"\n", result.Stderr);
        }
        finally
        {
            Environment.SetEnvironmentVariable("FLUX_MIRROR_CONFIG", null);
            File.Delete(path);
        }
    }
}
