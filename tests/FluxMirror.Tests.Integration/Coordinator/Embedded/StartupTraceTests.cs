using FluxMirror.Coordinator.Embedded;
using FluxMirror.TestSupport.Cli;

namespace FluxMirror.Tests.Integration.Coordinator.Embedded;

/// <summary><c>FLUX_MIRROR_TRACE_STARTUP=1</c>: phase timings on stderr, the command's own output untouched.</summary>
public sealed class StartupTraceTests
{
    [Fact]
    public async Task Phase_timings_go_to_stderr_only_when_asked_for()
    {
        using var cli = new FluxMirrorCli();

        var plain = await cli.RunAsync(["job", "list"]);
        var traced = await cli.RunAsync(["job", "list"], new Dictionary<string, string?> { [StartupTrace.EnvironmentVariable] = "1" });

        Assert.True(plain.Succeeded, plain.ToString());
        Assert.True(traced.Succeeded, traced.ToString());
        Assert.Equal(plain.StandardOutput, traced.StandardOutput);
        Assert.DoesNotContain("[startup]", plain.StandardError, StringComparison.Ordinal);
        var lines = traced.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("[startup] runtime start -> Main", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("[startup] command done", lines[^1], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.Matches(@"^\[startup\] .+ wall +\+ *\d+ ms .* cpu +\+ *\d+ ms +jit +\+ *\d+ ms / +\d+ methods$", l));
    }
}
