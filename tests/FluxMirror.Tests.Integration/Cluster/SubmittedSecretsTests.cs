using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FluxMirror.Protocol.Api;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cluster;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>
/// Secrets stay where they are: a submitted config cannot pull a node setting out of a node's environment, a value
/// substituted from the environment is never quoted back, and a credential written into a submitted config is refused
/// (by the CLI before sending, and by the coordinator) instead of being journaled. Each refusal is checked where a
/// secret could surface: the HTTP body, the coordinator's log, and every row of the journal and snapshot tables.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SubmittedSecretsTests(ClusterFixture fixture) : IDisposable
{
    private const string NodeSetting = "FLUX_MIRROR_POSTGRES";
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(fixture.Cluster.HttpUrl), Timeout = TimeSpan.FromSeconds(60) };
    private readonly string _marker = "s3cr3t-" + Guid.NewGuid().ToString("N");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_node_setting_in_a_submitted_config_is_refused_and_its_value_appears_nowhere()
    {
        // The coordinators of this cluster run in this process: its environment is theirs.
        var before = Environment.GetEnvironmentVariable(NodeSetting);
        Environment.SetEnvironmentVariable(NodeSetting, $"Host=db;Username=postgres;Password={_marker}");
        try
        {
            using var log = new LogCapture(InProcessCluster.System(fixture.Cluster.Coordinator));
            var config = $"apiVersion: ${{{NodeSetting}}}\nkind: Config\nartifacts:\n" + SyncConfigs.Artifact($"{fixture.Source.Host}/secrets/app", $"{fixture.Destination.Host}/secrets/app");

            var (status, body) = await PostAsync(config);

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal($"{{\"error\":\"config: ${{{NodeSetting}}} is a node setting and cannot be used in a submitted config\"}}", body);
            await AssertNowhereAsync(log);
        }
        finally
        {
            Environment.SetEnvironmentVariable(NodeSetting, before);
        }
    }

    [Fact]
    public async Task A_substituted_value_is_quoted_as_its_variable()
    {
        var name = "SECRETS_PROBE_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, _marker);
        try
        {
            using var log = new LogCapture(InProcessCluster.System(fixture.Cluster.Coordinator));
            var config = $"apiVersion: ${{{name}}}\nkind: Config\nartifacts:\n" + SyncConfigs.Artifact($"{fixture.Source.Host}/secrets/app", $"{fixture.Destination.Host}/secrets/app");

            var (status, body) = await PostAsync(config);

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal($"apiVersion must be \"mirror.plugin.fluxcd.io/v1beta1\", got \"${{{name}}}\"", JsonNode.Parse(body)!["error"]!.GetValue<string>());
            await AssertNowhereAsync(log);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public async Task A_literal_credential_is_refused_by_the_cli_before_sending_and_by_the_coordinator_with_the_same_line()
    {
        var hosts = $"hosts:\n- host: {fixture.Destination.Host}\n  username: robot\n  credential:\n    value: {_marker}\n";
        var config = SyncConfigs.Header + hosts + "artifacts:\n" + SyncConfigs.Artifact($"{fixture.Source.Host}/secrets/app", $"{fixture.Destination.Host}/secrets/app");
        const string expected = "config: hosts[0].credential.value is a literal credential; a config submitted to the cluster takes " +
            "credentials by reference only: write ${VAR} (substituted on the nodes from their environment) or use " +
            "hosts[0].credential.fromPath (a file on the nodes)";
        var jobsBefore = (await fixture.Cluster.Client().ListAsync(Ct)).Jobs.Count;
        using var log = new LogCapture(InProcessCluster.System(fixture.Cluster.Coordinator));
        using var cli = new FluxMirrorCli();

        // Nothing listens there: the CLI refuses before it sends anything.
        var sync = await cli.SyncAsync(config, "--cluster", "http://127.0.0.1:1");
        var (status, body) = await PostAsync(config);

        Assert.Equal((1, $"✗ {expected}\n"), (sync.ExitCode, sync.StandardError));
        Assert.Equal((HttpStatusCode.BadRequest, expected), (status, JsonNode.Parse(body)!["error"]!.GetValue<string>()));
        Assert.Equal(jobsBefore, (await fixture.Cluster.Client().ListAsync(Ct)).Jobs.Count);
        Assert.DoesNotContain(_marker, sync.StandardOutput + sync.StandardError, StringComparison.Ordinal);
        await AssertNowhereAsync(log);
    }

    // The marker is in no answer, no log line, and no journal or snapshot row (payloads are searched as bytes).
    private async Task AssertNowhereAsync(LogCapture log)
    {
        Assert.DoesNotContain(log.Lines, l => l.Contains(_marker, StringComparison.Ordinal));
        var rows = await fixture.Cluster.Postgres.PsqlAsync(
            $"select (select count(*) from journal where position(convert_to('{_marker}', 'UTF8') in message) > 0) + " +
            $"(select count(*) from snapshot where position(convert_to('{_marker}', 'UTF8') in snapshot) > 0)",
            Ct);
        Assert.Equal("0", rows.Trim());
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string config)
    {
        using var response = await _http.PostAsJsonAsync("jobs", new SubmitJobRequest(config), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(_marker, body, StringComparison.Ordinal);
        return (response.StatusCode, body);
    }
}
