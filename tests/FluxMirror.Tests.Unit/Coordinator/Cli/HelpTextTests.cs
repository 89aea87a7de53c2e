using FluxMirror.TestSupport.Cli;

namespace FluxMirror.Tests.Unit.Coordinator.Cli;

/// <summary>Help texts that said something wrong: each flag's help names what it really does.</summary>
public sealed class HelpTextTests
{
    [Theory]
    [InlineData("hostname", "FLUX_MIRROR_HOSTNAME")]
    [InlineData("public-hostname", "FLUX_MIRROR_PUBLIC_HOSTNAME")]
    [InlineData("port", "FLUX_MIRROR_PORT")]
    [InlineData("seeds", "FLUX_MIRROR_SEEDS")]
    [InlineData("postgres", "FLUX_MIRROR_POSTGRES")]
    [InlineData("http-port", "FLUX_MIRROR_HTTP_PORT")]
    [InlineData("http-host", "FLUX_MIRROR_HTTP_HOST")]
    public async Task Coordinator_flags_name_the_variable_they_override(string flag, string variable)
    {
        var result = await CliRunner.RunAsync("coordinator", "--help");

        Assert.Matches($"\n      --{flag} string +overrides \\${variable}\n", result.Stdout);
        Assert.DoesNotContain("overrides $HOSTNAME", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_cluster_flag_says_it_asks_a_cluster_instead_of_the_state_directory()
    {
        var result = await CliRunner.RunAsync("job", "--help");

        Assert.Contains("--cluster URL", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Ask a flux-mirror cluster instead of the local state directory: the coordinator's API URL (e.g. http://127.0.0.1:8080).\n", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Run the job", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cluster")]
    [InlineData("cluster-sharding")]
    public async Task Operator_cluster_flag_says_which_coordinator_is_asked(string command)
    {
        var result = await CliRunner.RunAsync(command, "--help");

        Assert.Contains("The coordinator API URL of the flux-mirror cluster to ask (e.g. http://127.0.0.1:8080); of a comma-separated list, the first.\n", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Run the job", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_cluster_flag_still_says_it_runs_the_job_on_the_cluster()
    {
        var result = await CliRunner.RunAsync("sync", "--help");

        Assert.Contains("Run the job on a flux-mirror cluster", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_exit_code_keeps_the_references_advice_for_immutable_destinations()
    {
        var result = await CliRunner.RunAsync("sync", "--help");

        Assert.Contains("(0-255). Set to 0 for immutable destinations that should not fail CI on drift. (default 2)\n", result.Stdout, StringComparison.Ordinal);
    }
}
