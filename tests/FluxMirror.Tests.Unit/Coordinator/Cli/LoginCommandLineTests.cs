using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Unit.Coordinator.Cli;

/// <summary><c>login</c>'s flags in-process: help, the global flags it takes, the stdin config. Always with
/// --docker-config and --plaintext, so the test process's own Docker config and helpers are never touched.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // shares the file-mode assumptions of the writer tests
public sealed class LoginCommandLineTests : IDisposable
{
    private const string Config = "apiVersion: mirror.plugin.fluxcd.io/v1beta1\nkind: Config\nhosts:\n  - host: r.example\n    username: bot\n    credential:\n      value: ${LOGIN_TEST_UNSET_VARIABLE}\n";
    private readonly string _docker = TempDirectory.Create("login-cli");

    public void Dispose() => TempDirectory.TryDelete(_docker);

    [Fact]
    public async Task Help_lists_the_reference_flags_and_the_globals()
    {
        var result = await CliRunner.RunAsync("login", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:\n  flux-mirror login [flags]", result.Stdout, StringComparison.Ordinal);
        foreach (var flag in new[] { "-f, --config string", "--host stringArray", "--docker-config string", "--plaintext", "--timeout duration", "--no-envsubst" })
        {
            Assert.Contains(flag, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task No_envsubst_stores_the_reference_literally()
    {
        var result = await CliRunner.RunWithStdinAsync(Config, "login", "-f", "-", "--no-envsubst", "--plaintext", "--docker-config", _docker);

        Assert.Equal(0, result.ExitCode);
        var stored = JsonNode.Parse(File.ReadAllText(Path.Combine(_docker, "config.json")))!["auths"]!["r.example"]!;
        Assert.Equal("${LOGIN_TEST_UNSET_VARIABLE}", (string?)stored["password"]);
    }

    [Fact]
    public async Task Strict_substitution_fails_before_anything_is_written()
    {
        var result = await CliRunner.RunWithStdinAsync(Config, "login", "-f", "-", "--plaintext", "--docker-config", _docker);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("LOGIN_TEST_UNSET_VARIABLE", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_docker));
    }

    [Fact]
    public async Task A_non_positive_timeout_is_refused()
    {
        var result = await CliRunner.RunWithStdinAsync(Config, "login", "-f", "-", "--timeout", "0s", "--docker-config", _docker);

        Assert.Equal((1, "✗ --timeout must be greater than 0\n"), (result.ExitCode, result.Stderr));
    }
}
