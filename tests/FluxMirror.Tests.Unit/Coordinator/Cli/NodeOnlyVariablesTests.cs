using System.Collections.Concurrent;
using System.Net.Http.Json;
using FluxMirror.Protocol.Api;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Http;
using Microsoft.AspNetCore.Http;

namespace FluxMirror.Tests.Unit.Coordinator.Cli;

/// <summary>
/// In cluster mode a credential is a <c>${VAR}</c> of the nodes' environment, which the submitting machine usually
/// lacks: the CLI sends such a config as written and the coordinator, which has the value, validates it.
/// </summary>
public sealed class NodeOnlyVariablesTests
{
    private const string Variable = "MIRROR_TEST_ONLY_ON_THE_NODES";
    private static readonly string Config = SyncConfigs.Header
        + "artifacts:\n  - source: ghcr.io/org/app\n    destination: quay.io/org/app\n"
        + "hosts:\n  - host: quay.io\n    credential: {value: \"${" + Variable + "}\"}\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_variable_only_the_nodes_have_is_sent_unsubstituted_and_the_coordinators_answer_is_the_line()
    {
        var received = new ConcurrentQueue<SubmitJobRequest>();
        await using var fake = await FakeCoordinator.StartAsync(
            async http =>
            {
                received.Enqueue((await http.Request.ReadFromJsonAsync<SubmitJobRequest>(http.RequestAborted))!);
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                await http.Response.WriteAsJsonAsync(new ApiError("hosts[0]: the coordinator's own validation"), http.RequestAborted);
            },
            Ct);

        var result = await CliRunner.RunWithStdinAsync(Config, "sync", "-", "--cluster", fake.Url);

        Assert.Equal("✗ hosts[0]: the coordinator's own validation\n", result.Stderr);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(Config, Assert.Single(received).Config);
    }

    [Fact]
    public async Task The_embedded_run_still_needs_it()
    {
        var result = await CliRunner.RunWithStdinAsync(Config, "sync", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"✗ substitute environment variables: variable not set (strict mode): \"{Variable}\"\n", result.Stderr);
    }

    [Fact]
    public async Task A_literal_credential_is_still_refused_before_sending()
    {
        var literal = Config.Replace("${" + Variable + "}", "hunter2-literal", StringComparison.Ordinal)
            .Replace("source: ghcr.io/org/app", "source: ghcr.io/${" + Variable + "}/app", StringComparison.Ordinal);

        var result = await CliRunner.RunWithStdinAsync(literal, "sync", "-", "--cluster", "http://127.0.0.1:9");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("hosts[0].credential.value", result.Stderr);
        Assert.DoesNotContain("hunter2-literal", result.Stderr);
    }
}
