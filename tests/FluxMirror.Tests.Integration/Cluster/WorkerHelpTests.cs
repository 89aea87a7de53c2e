using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary><c>flux-mirror-worker --help</c> prints the worker's usage instead of asking for the flag's value.</summary>
public sealed class WorkerHelpTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_the_usage_with_every_flag_and_variable_and_exits_0(string flag)
    {
        var result = await ProcessRunner.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "flux-mirror-worker.dll"), flag],
            new ProcessRunOptions { Timeout = TimeSpan.FromMinutes(1), Environment = new Dictionary<string, string?> { ["DOTNET_NOLOGO"] = "1" } },
            TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.StandardError);
        Assert.Contains("Usage:\n  flux-mirror-worker [flags]\n", result.StandardOutput, StringComparison.Ordinal);
        foreach (var (name, variable) in new[] { ("hostname", "FLUX_MIRROR_HOSTNAME"), ("public-hostname", "FLUX_MIRROR_PUBLIC_HOSTNAME"), ("port", "FLUX_MIRROR_PORT"), ("seeds", "FLUX_MIRROR_SEEDS"), ("postgres", "FLUX_MIRROR_POSTGRES") })
        {
            Assert.Matches($"--{name} string +overrides \\${variable} ", result.StandardOutput);
        }
    }
}
