using System.Diagnostics;
using System.Text;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Tokens;

namespace FluxMirror.Tests.Integration.Coordinator.Credentials;

/// <summary>
/// <c>credential.provider: github|forgejo</c> through the CLI: ID tokens from a loopback Actions OIDC endpoint, presented
/// as Bearer to a registry that accepts only tokens that endpoint issued (for its audience, unexpired).
/// </summary>
// Own collection: much of it waits on token lifetimes, which overlaps the Sync collection instead of lengthening it.
[Collection("Credentials")]
public sealed class GitHubOidcSyncTests : IAsyncLifetime
{
    private RegistryProcess _source = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _source = await RegistryProcess.StartAsync();

    public async ValueTask DisposeAsync() => await _source.DisposeAsync();

    [Theory]
    [InlineData("github", null)]
    [InlineData("forgejo", "registry.audience.test")]
    public async Task Actions_id_tokens_authenticate_every_request(string provider, string? aud)
    {
        await using var oidc = new FakeActionsOidc(TimeSpan.FromMinutes(5));
        string? audience = null;
        await using var destination = await BearerCheckingRegistry.StartAsync(token => oidc.Rejection(token, audience!), Ct);
        audience = aud ?? destination.Host;
        using var seeder = new RegistrySeeder(_source);
        var image = await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        using var cli = new FluxMirrorCli();

        var result = await SyncAsync(cli, destination, provider, aud is null ? "" : $"      aud: {aud}\n", oidc.Environment());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(image.Digest, await new RegistrySeeder(destination.Backend).ManifestDigestAsync("mirror/app", "1.0.0", Ct));
        Assert.Empty(destination.Refusals);
        Assert.NotEmpty(destination.Tokens);
        Assert.All(oidc.Requests, r => Assert.EndsWith("?api-version=2.0&audience=" + Uri.EscapeDataString(audience), r.PathAndQuery, StringComparison.Ordinal));
        // One token served the whole short job: reused for half its lifetime.
        Assert.Single(oidc.Issued);
        AssertNoSecrets(result, oidc.Issued.Append(FakeActionsOidc.RequestToken));
    }

    [Fact]
    public async Task Short_lived_tokens_are_renewed_during_a_long_job()
    {
        await using var oidc = new FakeActionsOidc(TimeSpan.FromSeconds(4));
        string host = null!;
        await using var destination = await BearerCheckingRegistry.StartAsync(token => oidc.Rejection(token, host), Ct);
        host = destination.Host;
        destination.Latency = TimeSpan.FromMilliseconds(250);
        using var seeder = new RegistrySeeder(_source);
        foreach (var tag in new[] { "1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0" })
        {
            await seeder.PushImageAsync("team/app", tag, ct: Ct);
        }

        using var cli = new FluxMirrorCli();
        var clock = Stopwatch.StartNew();

        var result = await SyncAsync(cli, destination, "github", "", oidc.Environment(), "--concurrency", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(6), $"the job took {clock.Elapsed}");
        Assert.True(oidc.Issued.Count >= 2, $"{oidc.Issued.Count} token(s) minted");
        Assert.Empty(destination.Refusals);
        Assert.All(destination.Tokens, token => Assert.Contains(token, oidc.Issued));
        Assert.True(destination.Tokens.Distinct().Count() >= 2);
        AssertNoSecrets(result, oidc.Issued);
    }

    [Fact]
    public async Task Missing_actions_variables_fail_with_the_permission_hint()
    {
        await using var destination = await BearerCheckingRegistry.StartAsync(_ => "unexpected", Ct);
        using var cli = new FluxMirrorCli();

        var result = await SeedAndSyncAsync(cli, destination, new Dictionary<string, string?>());

        AssertFailedWith(result, destination,
            "ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN must be set in the environment; ensure the Actions job has the 'id-token: write' permission");
    }

    [Fact]
    public async Task An_oidc_endpoint_error_is_quoted_with_its_status()
    {
        await using var oidc = new LoopbackServer(_ => new ScriptedResponse(500, Body: Encoding.UTF8.GetBytes("  token service unavailable\n")));
        await using var destination = await BearerCheckingRegistry.StartAsync(_ => "unexpected", Ct);
        using var cli = new FluxMirrorCli();

        var result = await SeedAndSyncAsync(cli, destination, ActionsEnv(oidc));

        AssertFailedWith(result, destination, "OIDC token request failed with status 500 Internal Server Error: token service unavailable");
    }

    [Fact]
    public async Task An_empty_token_response_is_refused()
    {
        await using var oidc = new LoopbackServer(_ => ScriptedResponse.Json(200, "{\"value\":\"\"}"));
        await using var destination = await BearerCheckingRegistry.StartAsync(_ => "unexpected", Ct);
        using var cli = new FluxMirrorCli();

        var result = await SeedAndSyncAsync(cli, destination, ActionsEnv(oidc));

        AssertFailedWith(result, destination, "the OIDC token response did not contain a token");
    }

    [Fact]
    public async Task A_token_without_exp_is_refused_and_not_shown()
    {
        var token = TestJwts.Unsigned("{\"sub\":\"repo:org/app\",\"aud\":\"x\"}");
        await using var oidc = new LoopbackServer(_ => ScriptedResponse.Json(200, $"{{\"value\":\"{token}\"}}"));
        await using var destination = await BearerCheckingRegistry.StartAsync(_ => "unexpected", Ct);
        using var cli = new FluxMirrorCli();

        var result = await SeedAndSyncAsync(cli, destination, ActionsEnv(oidc));

        AssertFailedWith(result, destination, "minted token has no exp claim");
        AssertNoSecrets(result, [token]);
    }

    [Fact]
    public async Task A_token_about_to_expire_is_refused()
    {
        var expires = DateTimeOffset.UtcNow.AddSeconds(1);
        var token = TestJwts.Expiring(expires, "near");
        await using var oidc = new LoopbackServer(_ => ScriptedResponse.Json(200, $"{{\"value\":\"{token}\"}}"));
        await using var destination = await BearerCheckingRegistry.StartAsync(_ => "unexpected", Ct);
        using var cli = new FluxMirrorCli();

        var result = await SeedAndSyncAsync(cli, destination, ActionsEnv(oidc));

        AssertFailedWith(result, destination, $"minted token already near expiry (exp={DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ})");
        AssertNoSecrets(result, [token]);
    }

    private static Dictionary<string, string?> ActionsEnv(LoopbackServer oidc) => new()
    {
        ["ACTIONS_ID_TOKEN_REQUEST_URL"] = $"http://{oidc.Host}/token",
        ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = FakeActionsOidc.RequestToken,
    };

    private async Task<ProcessResult> SeedAndSyncAsync(FluxMirrorCli cli, BearerCheckingRegistry destination, IDictionary<string, string?> env)
    {
        using var seeder = new RegistrySeeder(_source);
        await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        return await SyncAsync(cli, destination, "github", "", env, "--retries", "0");
    }

    private Task<ProcessResult> SyncAsync(FluxMirrorCli cli, BearerCheckingRegistry destination, string provider, string extra, IDictionary<string, string?> env, params string[] flags)
    {
        var yaml = SyncConfigs.Config(SyncConfigs.Artifact($"{_source.Host}/team/app", $"{destination.Host}/mirror/app"))
            + $"hosts:\n  - host: {destination.Host}\n    credential:\n      provider: {provider}\n{extra}";
        return cli.RunAsync(["sync", cli.WriteConfig(yaml), "--no-progress", .. flags], CiEnvironment.With(env));
    }

    private static void AssertFailedWith(ProcessResult result, BearerCheckingRegistry destination, string reason)
    {
        Assert.Equal(1, result.ExitCode);
        var failure = Assert.Single(result.CombinedOutput.Split('\n'), line => line.StartsWith('✗'));
        Assert.EndsWith($"failed to obtain CI JWT for host \"{destination.Host}\": {reason}", failure.TrimEnd());
        Assert.Empty(destination.Tokens);
        Assert.DoesNotContain(FakeActionsOidc.RequestToken, result.CombinedOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.CombinedOutput, StringComparison.Ordinal);
    }

    private static void AssertNoSecrets(ProcessResult result, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, result.CombinedOutput, StringComparison.Ordinal);
        }
    }
}
