using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Gcp;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace FluxMirror.Tests.Integration.Coordinator.Credentials;

/// <summary>
/// Google credentials through the CLI: <c>credential.provider: gcp</c> ID tokens from the GCE metadata server and a
/// service-account key, presented to a bearer-checking front that accepts only ID tokens
/// the fake Google signed for the right audience; <c>provider: gar</c> refusing a host it does not serve; and every
/// failure as one line without a token or key in it. gcloud user credentials always refresh at Google's own token URL
/// (their <c>token_uri</c> is ignored), so their fallback is covered by unit tests until that host can be routed to a fake.
/// </summary>
// Own collection: much of it waits on token lifetimes, which overlaps the Sync collection instead of lengthening it.
[Collection("Credentials")]
public sealed class GcpSyncTests : IAsyncLifetime
{
    private const string Audience = "https://mirror.example.com";
    private RegistryProcess _source = null!;
    private RegistryProcess _destination = null!;
    private LoopbackProxy _front = null!;
    private readonly FakeGoogleTokens _tokens = new();
    private readonly GcpServiceAccountKey _account = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _source = await RegistryProcess.StartAsync(ct: Ct);
        _destination = await RegistryProcess.StartAsync(ct: Ct);
        _front = await LoopbackProxy.StartAsync(_destination.BaseUri, Ct);
        _front.Admit = context => Task.FromResult(IsFreshIdToken(context.Request));
        using var seeder = new RegistrySeeder(_source);
        await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _front.DisposeAsync();
        await _source.DisposeAsync();
        await _destination.DisposeAsync();
        _tokens.Dispose();
        _account.Dispose();
    }

    [Fact]
    public async Task Id_tokens_from_the_metadata_server_authorize_the_mirror()
    {
        await using var metadata = new FakeGceMetadataServer(_tokens);
        using var cli = new FluxMirrorCli();

        var result = await SyncAsync(cli, GcpChildEnvironment.Create(metadata.Host));

        Assert.True(result.ExitCode == 0, result.CombinedOutput);
        await AssertMirroredAsync();
        Assert.True(metadata.IdTokenRequests >= 1);
        Assert.All(metadata.Requests, r => Assert.Equal("Google", r.Header("Metadata-Flavor")));
        AssertNoSecretIn(result);
    }

    [Fact]
    public async Task A_longer_sync_renews_the_id_token_at_half_its_lifetime()
    {
        await using var metadata = new FakeGceMetadataServer(_tokens);
        _tokens.Lifetime = TimeSpan.FromSeconds(4);
        _front.Latency = TimeSpan.FromMilliseconds(400);
        using var seeder = new RegistrySeeder(_source);
        foreach (var tag in new[] { "1.1.0", "1.2.0", "1.3.0" })
        {
            await seeder.PushImageAsync("team/app", tag, ct: Ct);
        }

        using var cli = new FluxMirrorCli();
        var result = await SyncAsync(cli, GcpChildEnvironment.Create(metadata.Host), "--concurrency", "1");

        Assert.True(result.ExitCode == 0, result.CombinedOutput);
        await AssertMirroredAsync();
        Assert.True(metadata.IdTokenRequests >= 2, $"{metadata.IdTokenRequests} ID token requests");
        AssertNoSecretIn(result);
    }

    [Fact]
    public async Task A_service_account_key_mints_id_tokens_at_its_token_uri()
    {
        var endpoint = new FakeGoogleTokenEndpoint(_tokens, _account);
        await using var google = new LoopbackServer(endpoint.Handle);
        using var cli = new FluxMirrorCli();
        var keyFile = _account.WriteTo(cli.Home, $"http://{google.Host}/token");

        var result = await SyncAsync(cli, GcpChildEnvironment.Create(credentialsFile: keyFile));

        Assert.True(result.ExitCode == 0, result.CombinedOutput);
        await AssertMirroredAsync();
        Assert.True(endpoint.IdTokenGrants >= 1);
        AssertNoSecretIn(result);
    }

    [Fact]
    public async Task No_default_credentials_fail_fast_with_the_reference_message()
    {
        using var cli = new FluxMirrorCli();
        var started = DateTimeOffset.UtcNow;

        var result = await SyncAsync(cli, GcpChildEnvironment.Create());

        AssertFailedWith(result,
            $"failed to obtain CI JWT for host \"{_front.Host}\": create GCP ID token source: google: could not find default credentials. " +
            "See https://cloud.google.com/docs/authentication/external/set-up-adc for more information");
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_token_endpoint_refusal_fails_with_the_reference_message()
    {
        var endpoint = new FakeGoogleTokenEndpoint(_tokens, _account);
        endpoint.Refuse(400, "invalid_grant", "Invalid JWT Signature.");
        await using var google = new LoopbackServer(endpoint.Handle);
        using var cli = new FluxMirrorCli();
        var keyFile = _account.WriteTo(cli.Home, $"http://{google.Host}/token");

        var result = await SyncAsync(cli, GcpChildEnvironment.Create(credentialsFile: keyFile));

        AssertFailedWith(result, $"failed to obtain CI JWT for host \"{_front.Host}\": get GCP token: oauth2: \"invalid_grant\" \"Invalid JWT Signature.\"");
    }

    [Fact]
    public async Task Gar_refuses_a_host_outside_container_and_artifact_registry()
    {
        await using var metadata = new FakeGceMetadataServer(_tokens);
        using var cli = new FluxMirrorCli();
        var hosts = $"hosts:\n  - host: {_front.Host}\n    provider: gar\n";

        var result = await cli.RunAsync(["sync", cli.WriteConfig(Config() + hosts), "--no-progress", "--retries", "0"], GcpChildEnvironment.Create(metadata.Host));

        AssertFailedWith(result,
            $"get gcp registry credentials for \"{_front.Host}\": invalid GCP registry: '{_front.Host}'. " +
            @"must match ^(((.+\.)?gcr\.io)|(.+-docker\.pkg\.dev))$");
        Assert.Equal(0, metadata.AccessTokenRequests);
    }

    private bool IsFreshIdToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.IsValidIdToken(header["Bearer ".Length..], Audience);
    }

    private string Config() => SyncConfigs.Config(SyncConfigs.Artifact($"{_source.Host}/team/app", $"{_front.Host}/mirror/app"));

    private Task<ProcessResult> SyncAsync(FluxMirrorCli cli, Dictionary<string, string?> environment, params string[] flags)
    {
        var hosts = $"hosts:\n  - host: {_front.Host}\n    credential:\n      provider: gcp\n      aud: {Audience}\n";
        return cli.RunAsync(["sync", cli.WriteConfig(Config() + hosts), "--no-progress", "--retries", "0", .. flags], environment);
    }

    private async Task AssertMirroredAsync()
    {
        using var source = new RegistrySeeder(_source);
        using var destination = new RegistrySeeder(_destination);
        foreach (var tag in await source.ListTagsAsync("team/app", Ct))
        {
            Assert.Equal(await source.ManifestDigestAsync("team/app", tag, Ct), await destination.ManifestDigestAsync("mirror/app", tag, Ct));
        }
    }

    private void AssertFailedWith(ProcessResult result, string message)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.CombinedOutput, StringComparison.Ordinal);
        Assert.Contains("✗", result.CombinedOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.CombinedOutput, StringComparison.Ordinal);
        AssertNoSecretIn(result);
    }

    private void AssertNoSecretIn(ProcessResult result)
    {
        foreach (var token in _tokens.All)
        {
            Assert.DoesNotContain(token, result.CombinedOutput, StringComparison.Ordinal);
        }

        var keyBody = _account.PrivateKeyPem.Split('\n')[1];
        Assert.DoesNotContain(keyBody, result.CombinedOutput, StringComparison.Ordinal);
    }
}
