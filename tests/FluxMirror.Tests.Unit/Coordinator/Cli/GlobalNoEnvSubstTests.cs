using FluxMirror.TestSupport.Cli;

namespace FluxMirror.Tests.Unit.Coordinator.Cli;

/// <summary>The global --no-envsubst is refused by every command that reads no config, instead of being ignored.</summary>
public sealed class GlobalNoEnvSubstTests
{
    [Theory]
    [InlineData("version")]
    [InlineData("coordinator")]
    [InlineData("job", "list")]
    [InlineData("cluster", "show", "--cluster", "http://127.0.0.1:9")]
    [InlineData("cluster-sharding", "regions", "--cluster", "http://127.0.0.1:9")]
    public async Task Commands_without_a_config_refuse_it(string command, params string[] rest)
    {
        var result = await CliRunner.RunAsync([command, .. rest, "--no-envsubst"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"✗ --no-envsubst does not apply to \"flux-mirror {command}\": it reads no config\n", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Sync_takes_it()
    {
        var result = await CliRunner.RunAsync("sync", "--no-envsubst", "/nonexistent/config.yaml");

        Assert.DoesNotContain("--no-envsubst", result.Stderr);
        Assert.Contains("/nonexistent/config.yaml", result.Stderr);
    }
}
