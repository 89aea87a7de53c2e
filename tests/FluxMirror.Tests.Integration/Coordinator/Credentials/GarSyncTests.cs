using System.Text;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cloud;
using FluxMirror.TestSupport.Gcp;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace FluxMirror.Tests.Integration.Coordinator.Credentials;

/// <summary>
/// <c>hosts[].provider: gar</c> end to end through the CLI: Artifact Registry and Container Registry hosts reached by
/// name through a CONNECT proxy (HTTPS_PROXY) to a TLS front signed by a private CA (SSL_CERT_FILE), which admits only
/// <c>oauth2accesstoken</c> / an unexpired access token the fake Google issued (from a service-account key at its
/// <c>token_uri</c>, or from the GCE metadata server), and forwards to a real docker-registry.
/// </summary>
// Own collection: much of it waits on token lifetimes, which overlaps the Sync collection instead of lengthening it.
[Collection("Credentials")]
public sealed class GarSyncTests : IAsyncLifetime
{
    private const string ArtifactRegistryHost = "europe-west1-docker.pkg.dev";
    private const string ContainerRegistryHost = "eu.gcr.io";
    private RegistryProcess _source = null!;
    private RegistryProcess _destination = null!;
    private CloudTrust _trust = null!;
    private ConnectProxy _proxy = null!;
    private readonly FakeGoogleTokens _tokens = new();
    private readonly GcpServiceAccountKey _account = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _source = await RegistryProcess.StartAsync(ct: Ct);
        _destination = await RegistryProcess.StartAsync(ct: Ct);
        _trust = new CloudTrust();
        _proxy = await ConnectProxy.StartAsync(Ct);
        using var seeder = new RegistrySeeder(_source);
        await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        _trust.Dispose();
        await _source.DisposeAsync();
        await _destination.DisposeAsync();
        _tokens.Dispose();
        _account.Dispose();
    }

    [Fact]
    public async Task Artifact_registry_is_mirrored_to_with_an_access_token_from_a_service_account_key()
    {
        var endpoint = new FakeGoogleTokenEndpoint(_tokens, _account);
        await using var google = new LoopbackServer(endpoint.Handle);
        await using var front = await FrontAsync(ArtifactRegistryHost, _destination.BaseUri);
        using var cli = new FluxMirrorCli();
        var keyFile = _account.WriteTo(cli.Home, $"http://{google.Host}/token");

        var result = await SyncAsync(cli, ArtifactRegistryHost, GcpChildEnvironment.Create(credentialsFile: keyFile));

        Assert.True(result.ExitCode == 0, result.CombinedOutput);
        await AssertMirroredAsync();
        Assert.Contains($"{ArtifactRegistryHost}:443", _proxy.Tunnels);
        Assert.True(endpoint.AccessTokenGrants >= 1);
        Assert.Contains(front.Requests, r => r.Method == "PUT" && r.PathAndQuery.StartsWith("/v2/mirror/app/manifests/1.0.0", StringComparison.Ordinal));
        AssertNoSecretIn(result);
    }

    [Fact]
    public async Task Container_registry_is_mirrored_to_with_an_access_token_from_the_metadata_server()
    {
        await using var metadata = new FakeGceMetadataServer(_tokens);
        await using var front = await FrontAsync(ContainerRegistryHost, _destination.BaseUri);
        using var cli = new FluxMirrorCli();

        var result = await SyncAsync(cli, ContainerRegistryHost, GcpChildEnvironment.Create(metadata.Host));

        Assert.True(result.ExitCode == 0, result.CombinedOutput);
        await AssertMirroredAsync();
        Assert.Contains($"{ContainerRegistryHost}:443", _proxy.Tunnels);
        Assert.True(metadata.AccessTokenRequests >= 1);
        Assert.All(metadata.Requests, r => Assert.Equal("Google", r.Header("Metadata-Flavor")));
        AssertNoSecretIn(result);
    }

    [Fact]
    public async Task Short_lived_access_tokens_are_renewed_during_a_long_sync()
    {
        using var seeder = new RegistrySeeder(_source);
        foreach (var tag in new[] { "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0" })
        {
            await seeder.PushImageAsync("team/app", tag, ct: Ct);
        }

        _tokens.Lifetime = TimeSpan.FromSeconds(3);
        var endpoint = new FakeGoogleTokenEndpoint(_tokens, _account);
        await using var google = new LoopbackServer(endpoint.Handle);
        await using var slow = await LoopbackProxy.StartAsync(_destination.BaseUri, Ct);
        slow.Latency = TimeSpan.FromMilliseconds(400);
        await using var front = await FrontAsync(ArtifactRegistryHost, new Uri($"http://{slow.Host}"));
        using var cli = new FluxMirrorCli();
        var keyFile = _account.WriteTo(cli.Home, $"http://{google.Host}/token");

        var started = DateTimeOffset.UtcNow;
        var result = await SyncAsync(cli, ArtifactRegistryHost, GcpChildEnvironment.Create(credentialsFile: keyFile), "--concurrency", "1");
        var took = DateTimeOffset.UtcNow - started;

        Assert.True(result.ExitCode == 0, result.CombinedOutput);
        await AssertMirroredAsync();
        Assert.Contains($"{ArtifactRegistryHost}:443", _proxy.Tunnels);
        Assert.True(took > TimeSpan.FromSeconds(3), $"the sync took only {took}");
        Assert.True(endpoint.AccessTokenGrants >= 2, $"{endpoint.AccessTokenGrants} access token grant(s) in {took}");
        AssertNoSecretIn(result);
    }

    [Fact]
    public async Task A_token_endpoint_refusal_fails_with_one_line()
    {
        var endpoint = new FakeGoogleTokenEndpoint(_tokens, _account);
        endpoint.Refuse(400, "invalid_grant", "Invalid JWT Signature.");
        await using var google = new LoopbackServer(endpoint.Handle);
        await using var front = await FrontAsync(ArtifactRegistryHost, _destination.BaseUri);
        using var cli = new FluxMirrorCli();
        var keyFile = _account.WriteTo(cli.Home, $"http://{google.Host}/token");

        var result = await SyncAsync(cli, ArtifactRegistryHost, GcpChildEnvironment.Create(credentialsFile: keyFile));

        Assert.Equal(1, result.ExitCode);
        var failure = Assert.Single(result.CombinedOutput.Split('\n'), line => line.Contains('✗', StringComparison.Ordinal));
        Assert.Contains($"get gcp registry credentials for \"{ArtifactRegistryHost}\"", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.CombinedOutput, StringComparison.Ordinal);
        Assert.Empty(_tokens.AccessTokens);
        AssertNoSecretIn(result);
    }

    private async Task<CloudHttpsServer> FrontAsync(string host, Uri upstream)
    {
        var front = await CloudHttpsServer.StartAsync(
            _trust, [host], _ => { }, new CloudRegistryBackend(upstream, IsLiveAccessToken, "Basic realm=\"gar\""), Ct);
        _proxy.Route(host, front.Port);
        return front;
    }

    /// <summary>Artifact Registry's answer to a docker login: <c>oauth2accesstoken</c> and a live access token, nothing else.</summary>
    private bool IsLiveAccessToken(HttpRequest request)
    {
        const string basic = "Basic ";
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(basic, StringComparison.Ordinal))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[basic.Length..]));
        }
        catch (FormatException)
        {
            return false;
        }

        var parts = decoded.Split(':', 2);
        return parts.Length == 2 && parts[0] == "oauth2accesstoken" && _tokens.IsLiveAccessToken(parts[1]);
    }

    private Task<ProcessResult> SyncAsync(FluxMirrorCli cli, string host, Dictionary<string, string?> google, params string[] flags)
    {
        var config = SyncConfigs.Config(SyncConfigs.Artifact($"{_source.Host}/team/app", $"{host}/mirror/app"))
            + $"hosts:\n  - host: {host}\n    provider: gar\n";
        return cli.RunAsync(["sync", cli.WriteConfig(config), "--no-progress", "--retries", "0", .. flags], ChildEnvironment(google));
    }

    /// <summary>Google's environment first, then the real proxy and the private CA over its closed placeholder proxy.</summary>
    private Dictionary<string, string?> ChildEnvironment(Dictionary<string, string?> google)
    {
        var environment = new Dictionary<string, string?>(google);
        foreach (var (name, value) in _proxy.Environment().Concat(_trust.Environment()))
        {
            environment[name] = value;
        }

        return environment;
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
