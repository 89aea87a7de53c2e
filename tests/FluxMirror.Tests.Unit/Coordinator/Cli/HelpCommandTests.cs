using FluxMirror.TestSupport.Cli;

namespace FluxMirror.Tests.Unit.Coordinator.Cli;

/// <summary><c>flux-mirror help [COMMAND]</c> behaves as cobra's help command.</summary>
public sealed class HelpCommandTests
{
    [Fact]
    public async Task Help_of_a_command_is_that_commands_help()
    {
        var viaHelp = await CliRunner.RunAsync("help", "sync");
        var viaFlag = await CliRunner.RunAsync("sync", "--help");

        Assert.Equal(0, viaHelp.ExitCode);
        Assert.Equal(viaFlag.Stdout, viaHelp.Stdout);
        Assert.Empty(viaHelp.Stderr);
    }

    [Fact]
    public async Task Help_alone_is_the_root_help_listing_help_and_completion()
    {
        var help = await CliRunner.RunAsync("help");
        var root = await CliRunner.RunAsync("--help");

        Assert.Equal(root.Stdout, help.Stdout);
        Assert.Contains("  help              Help about any command\n", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("  completion        Generate a shell completion script\n", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("  keygen            Generate an EdDSA JWK pair (pubkey.json, privkey.json) for signing\n", help.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_topic_prints_cobras_line_then_the_root_usage_and_exits_0()
    {
        var result = await CliRunner.RunAsync("help", "nope");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Unknown help topic [`nope`]\nUsage:\n  flux-mirror [command]\n", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task A_topic_go_cannot_backquote_is_double_quoted()
    {
        var result = await CliRunner.RunAsync("help", "a`b", "c");

        Assert.StartsWith("Unknown help topic [\"a`b\" `c`]\n", result.Stdout, StringComparison.Ordinal);
    }
}
