using System.Text.Json;
using FluxMirror.Registry.Credentials.Tokens;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cluster;
using FluxMirror.TestSupport.Tokens;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>
/// A job whose destination takes CI OIDC tokens: the workers mint them from their own environment (the submitted
/// config only says <c>provider: github</c>), and no token they minted surfaces anywhere the cluster writes: the
/// nodes' event streams (every log event), the journal and snapshot rows, the followed events and the report.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MintedCredentialsTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tokens_are_minted_on_the_nodes_and_appear_in_no_log_row_or_report()
    {
        await using var oidc = new FakeActionsOidc(TimeSpan.FromMinutes(5));
        string audience = null!;
        await using var destination = await BearerCheckingRegistry.StartAsync(token => oidc.Rejection(token, audience), Ct);
        audience = destination.Host;
        var images = await ClusterJobRun.SeedTagsAsync(fixture.Source, "minted/app", 4, Ct);
        var config = SyncConfigs.Header + $"hosts:\n- host: {destination.Host}\n  credential:\n    provider: github\n" +
            "artifacts:\n" + SyncConfigs.Artifact($"{fixture.Source.Host}/minted/app", $"{destination.Host}/minted/app");
        var logs = fixture.Cluster.Coordinators.Concat(fixture.Cluster.Workers).Select(n => new LogCapture(InProcessCluster.System(n))).ToList();

        // The nodes of this cluster run in this process: its environment is theirs, and nobody else's config asks for github.
        var before = oidc.Environment().Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        foreach (var (name, value) in oidc.Environment())
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            var jobId = await ClusterJobRun.SubmitAsync(fixture.Cluster.Client(), config, concurrency: 2, Ct);
            var (rows, finished) = await ClusterJobRun.FollowToEndAsync(fixture.Cluster.Client(), jobId, null, Ct);

            Assert.Null(finished.Error);
            Assert.Equal(4, rows.Count);
            await ClusterJobRun.AssertMirroredAsync(destination.Backend, "minted/app", images, Ct);
            Assert.NotEmpty(oidc.Issued);
            Assert.Empty(destination.Refusals);
            Assert.DoesNotContain(GitHubOidcTokens.RequestUrlVariable, config, StringComparison.Ordinal);

            var followed = JsonSerializer.Serialize(rows) + JsonSerializer.Serialize(finished);
            foreach (var token in oidc.Issued.Append(FakeActionsOidc.RequestToken))
            {
                Assert.DoesNotContain(token, followed, StringComparison.Ordinal);
                Assert.All(logs, log => Assert.DoesNotContain(log.Lines, l => l.Contains(token, StringComparison.Ordinal)));
                var found = await fixture.Cluster.Postgres.PsqlAsync(
                    $"select (select count(*) from journal where position(convert_to('{token}', 'UTF8') in message) > 0) + " +
                    $"(select count(*) from snapshot where position(convert_to('{token}', 'UTF8') in snapshot) > 0)",
                    Ct);
                Assert.Equal("0", found.Trim());
            }
        }
        finally
        {
            foreach (var (name, value) in before)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            logs.ForEach(l => l.Dispose());
        }
    }
}
