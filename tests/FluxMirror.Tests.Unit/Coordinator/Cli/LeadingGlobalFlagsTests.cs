using FluxMirror.TestSupport.Cli;

namespace FluxMirror.Tests.Unit.Coordinator.Cli;

/// <summary>
/// Global flags before the command name, as cobra accepts them and as the Flux CLI passes them on to a plugin
/// (<c>flux --timeout 5s mirror version</c> runs <c>flux-mirror --timeout 5s version</c>).
/// </summary>
public sealed class LeadingGlobalFlagsTests
{
    [Fact]
    public async Task A_global_flag_before_the_command_applies_to_it()
    {
        var result = await CliRunner.RunAsync("--timeout", "5s", "version");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("✗ --timeout does not apply to \"flux-mirror version\": it waits for nothing\n", result.Stderr);
    }

    [Fact]
    public async Task A_global_flag_with_its_value_inline_before_the_command_applies_to_it()
    {
        var result = await CliRunner.RunAsync("--timeout=0s", "job", "list", "--cluster", "http://127.0.0.1:9");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("✗ --timeout must be greater than 0\n", result.Stderr);
    }

    [Theory]
    [InlineData(new[] { "--namespace", "flux-system", "sync" }, "✗ unknown flag: --namespace\n")]
    [InlineData(new[] { "-n", "flux-system", "sync" }, "✗ unknown shorthand flag: 'n' in -n\n")]
    [InlineData(new[] { "--kubeconfig=/tmp/k", "secret" }, "✗ unknown flag: --kubeconfig\n")]
    [InlineData(new[] { "--timeout" }, "✗ flag needs an argument: --timeout\n")]
    public async Task A_flag_flux_itself_knows_is_refused_not_taken_for_a_command(string[] args, string expected)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(expected, result.Stderr);
    }

    [Fact]
    public async Task Only_global_flags_print_the_root_help()
    {
        var result = await CliRunner.RunAsync("--timeout", "5s");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Available Commands:", result.Stdout, StringComparison.Ordinal);
    }
}
