using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Commands;
using FluxMirror.TestSupport.Cli;

namespace FluxMirror.Tests.Unit.Coordinator.Commands;

/// <summary>The operator commands refuse what they cannot do with one line, before asking any node.</summary>
public sealed class OperatorCommandLineTests
{
    [Theory]
    [InlineData("✗ job cancel requires a job ID\n", "job", "cancel")]
    [InlineData("✗ job cancel applies only with --cluster URL: an embedded job is stopped with Ctrl-C\n", "job", "cancel", "job-1")]
    [InlineData("✗ unknown command \"tell\" for \"flux-mirror cluster\"\n", "cluster", "tell")]
    [InlineData("✗ down requires --address (-a ADDRESS, as cluster show prints it)\n", "cluster", "down")]
    [InlineData("✗ shard-stats requires --region (-r TYPE: tag-copy, host-limiter or blob-ledger)\n", "cluster-sharding", "shard-stats")]
    [InlineData("✗ ratelimit set requires HOST and N[/RPS], e.g. ratelimit set registry-1.docker.io 4/2\n", "ratelimit", "set", "ghcr.io")]
    [InlineData("✗ unknown command \"tree\" for \"flux-mirror actor\"\n", "actor", "tree")]
    public async Task Refused_with_one_line_and_exit_code_1(string expected, params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal((1, expected), (result.ExitCode, result.Stderr));
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:9110")]
    [InlineData("", "http://127.0.0.1:9110")]
    [InlineData("19110", "http://127.0.0.1:19110")]
    public void Without_cluster_the_commands_ask_the_loopback_operator_port(string? variable, string expected) =>
        Assert.Equal(expected, OperatorCommands.OperatorPortUrl(_ => variable));

    [Theory]
    [InlineData("off")]
    [InlineData("0")]
    [InlineData("70000")]
    public void An_operator_port_that_cannot_be_asked_is_refused(string variable)
    {
        var ex = Assert.Throws<CliException>(() => OperatorCommands.OperatorPortUrl(_ => variable));

        Assert.Equal($"$FLUX_MIRROR_OPERATOR_PORT must be the node's operator port (1-65535), got \"{variable}\"; or give --cluster URL", ex.Message);
    }
}
