using FluxMirror.TestSupport.Cli;

namespace FluxMirror.Tests.Unit.Coordinator.Cli;

/// <summary><c>flux-mirror completion SHELL</c>: each script registers itself and asks <c>__complete</c>.</summary>
public sealed class CompletionScriptTests
{
    [Theory]
    [InlineData("bash", "complete -o default -F __flux_mirror_complete flux-mirror")]
    [InlineData("zsh", "#compdef flux-mirror")]
    [InlineData("fish", "complete -c flux-mirror -f -a '(__flux_mirror_complete)'")]
    [InlineData("powershell", "Register-ArgumentCompleter -Native -CommandName 'flux-mirror'")]
    public async Task Each_shell_gets_a_script_that_asks_the_binary(string shell, string registration)
    {
        var result = await CliRunner.RunAsync("completion", shell);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(registration, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("__complete", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_shell_is_refused()
    {
        var result = await CliRunner.RunAsync("completion", "tcsh");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("✗ invalid argument \"tcsh\" for \"flux-mirror completion\"\n", result.Stderr);
    }

    [Theory]
    [InlineData(new string[0], "✗ accepts 1 arg(s), received 0\n")]
    [InlineData(new[] { "bash", "zsh" }, "✗ accepts 1 arg(s), received 2\n")]
    public async Task Anything_but_one_shell_is_refused_with_cobras_message(string[] shells, string expected)
    {
        var result = await CliRunner.RunAsync(["completion", .. shells]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(expected, result.Stderr);
    }
}
