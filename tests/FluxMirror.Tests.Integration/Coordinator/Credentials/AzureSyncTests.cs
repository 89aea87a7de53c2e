using FluxMirror.TestSupport.Azure;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cloud;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Coordinator.Credentials;

/// <summary>
/// Azure through the CLI: <c>hosts[].provider: acr</c> against a fake ACR front (exchange, token endpoint) before a
/// real registry, and <c>credential.provider: azure</c> against a bearer-checking front, both reached as their
/// cloud names through an HTTPS CONNECT proxy, with Azure.Identity talking to a fake Entra (AZURE_AUTHORITY_HOST)
/// whose certificate the child trusts through SSL_CERT_FILE.
/// </summary>
// Own collection: much of it waits on token lifetimes, which overlaps the Sync collection instead of lengthening it.
[Collection("Credentials")]
public sealed class AzureSyncTests : IAsyncLifetime
{
    private const string Registry = "myregistry.azurecr.io";
    private const string EntraHost = "login.entra.test";
    private const string Tenant = "72f988bf-0000-4000-8000-00000000cafe";
    private const string ClientId = "9a1b2c3d-0000-4000-8000-0000000c1e17";
    private const string ClientSecret = "fake-client-secret-Qx7~v2";
    private const string FederatedToken = "fake-federated-token-from-the-kubelet";
    private const string BearerHost = "mirror.bearer.test";
    private const string Audience = "api://flux-mirror-registry";

    private readonly FakeEntra _entra = new(Tenant, ClientId, ClientSecret, FederatedToken);
    private readonly List<IAsyncDisposable> _servers = [];
    private RegistryProcess _source = null!;
    private RegistryProcess _target = null!;
    private CloudTrust _trust = null!;
    private ConnectProxy _proxy = null!;
    private LoopbackServer _imds = null!;
    private string _azureConfig = null!;
    private FakeAcr _acr = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _source = await RegistryProcess.StartAsync(ct: Ct);
        _target = await RegistryProcess.StartAsync(ct: Ct);
        _trust = new CloudTrust();
        _proxy = await ConnectProxy.StartAsync(Ct);
        _imds = new LoopbackServer(_ => ScriptedResponse.Json(400, "{\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}"));
        _azureConfig = TempDirectory.Create("azure-config");
        _acr = new FakeAcr(Registry, _entra);

        var entra = await StartAsync([EntraHost, "login.microsoftonline.com"], _entra.Map);
        _proxy.Route(EntraHost, entra.Port);
        _proxy.Route("login.microsoftonline.com", entra.Port);

        var acr = await StartAsync([Registry], _acr.Map, new CloudRegistryBackend(_target.BaseUri, _acr.Authorize, _acr.Challenge));
        _proxy.Route(Registry, acr.Port);

        var bearer = await StartAsync([BearerHost], _ => { }, new CloudRegistryBackend(_target.BaseUri, request => _entra.Verify(BearerToken(request), Audience), "Bearer realm=\"none\""));
        _proxy.Route(BearerHost, bearer.Port);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        await _proxy.DisposeAsync();
        await _imds.DisposeAsync();
        _trust.Dispose();
        TempDirectory.TryDelete(_azureConfig);
        await _source.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task Acr_credentials_come_from_an_environment_client_secret()
    {
        var images = await SeedAsync(2);
        using var cli = new FluxMirrorCli();

        var result = await cli.RunAsync(Sync(cli, AcrHost()), Environment(ClientSecretCredentials()));

        Assert.Equal(0, result.ExitCode);
        await AssertMirroredAsync(images);
        Assert.Contains("https://management.azure.com/.default", _entra.GrantedScopes);
        Assert.True(_acr.Exchanges >= 1);
        Assert.Contains($"{Registry}:443", _proxy.Tunnels);
        Assert.Contains($"{EntraHost}:443", _proxy.Tunnels);
        AssertNoSecretIn(result);
    }

    [Fact]
    public async Task Acr_credentials_come_from_a_workload_identity_federated_token()
    {
        var images = await SeedAsync(1);
        using var cli = new FluxMirrorCli();
        var tokenFile = Path.Combine(cli.Home, "azure-identity-token");
        await File.WriteAllTextAsync(tokenFile, FederatedToken, Ct);

        var result = await cli.RunAsync(Sync(cli, AcrHost()), Environment(new()
        {
            ["AZURE_TENANT_ID"] = Tenant,
            ["AZURE_CLIENT_ID"] = ClientId,
            ["AZURE_FEDERATED_TOKEN_FILE"] = tokenFile,
            ["AZURE_AUTHORITY_HOST"] = $"https://{EntraHost}",
        }));

        Assert.Equal(0, result.ExitCode);
        await AssertMirroredAsync(images);
        Assert.True(_acr.Exchanges >= 1);
        Assert.DoesNotContain(FederatedToken, result.CombinedOutput);
        AssertNoSecretIn(result);
    }

    [Fact]
    public async Task A_short_lived_refresh_token_is_exchanged_again_during_a_longer_sync()
    {
        _acr.RefreshTokenLifetime = TimeSpan.FromSeconds(2);
        var images = await SeedAsync(8);
        using var cli = new FluxMirrorCli();

        // A slow source, one tag at a time: the sync outlasts the token whatever the machine's speed.
        await using var slowSource = await LoopbackProxy.StartAsync(_source.BaseUri, Ct);
        slowSource.Latency = TimeSpan.FromMilliseconds(150);
        var config = SyncConfigs.Config(SyncConfigs.Artifact($"{slowSource.Host}/team/app", $"{Registry}/mirror/app")) + AcrHost();
        var started = DateTimeOffset.UtcNow;

        var result = await cli.RunAsync(["sync", cli.WriteConfig(config), "--no-progress", "--concurrency", "1"], Environment(ClientSecretCredentials()));

        Assert.Equal(0, result.ExitCode);
        Assert.True(DateTimeOffset.UtcNow - started > TimeSpan.FromSeconds(3), "the sync must outlast the refresh token");
        await AssertMirroredAsync(images);
        Assert.True(_acr.Exchanges >= 2, $"exchanges: {_acr.Exchanges}");
        AssertNoSecretIn(result);
    }

    [Fact]
    public async Task A_revoked_refresh_token_is_exchanged_again()
    {
        _acr.RevokeAfterAuthorizedRequests = 4;
        var images = await SeedAsync(3);
        using var cli = new FluxMirrorCli();

        var result = await cli.RunAsync(Sync(cli, AcrHost()), Environment(ClientSecretCredentials()));

        Assert.Equal(0, result.ExitCode);
        await AssertMirroredAsync(images);
        Assert.True(_acr.Exchanges >= 2, $"exchanges: {_acr.Exchanges}");
        AssertNoSecretIn(result);
    }

    [Fact]
    public async Task The_azure_token_provider_stamps_an_entra_token_for_the_audience()
    {
        var images = await SeedAsync(2);
        using var cli = new FluxMirrorCli();
        var hosts = $"hosts:\n  - host: {BearerHost}\n    credential:\n      provider: azure\n      aud: {Audience}\n";

        var result = await cli.RunAsync(Sync(cli, hosts, BearerHost), Environment(ClientSecretCredentials()));

        Assert.Equal(0, result.ExitCode);
        await AssertMirroredAsync(images);
        Assert.Equal([Audience + "/.default"], _entra.GrantedScopes.Distinct());
        AssertNoSecretIn(result);
    }

    [Fact]
    public async Task A_non_acr_host_is_refused_with_the_references_message()
    {
        await SeedAsync(1);
        using var cli = new FluxMirrorCli();
        var hosts = $"hosts:\n  - host: {BearerHost}\n    provider: acr\n";

        var result = await cli.RunAsync(Sync(cli, hosts, BearerHost), Environment(ClientSecretCredentials()));

        AssertFailedWith(result, $@"get azure registry credentials for ""{BearerHost}"": invalid Azure registry: '{BearerHost}'. must match ^.+\.(azurecr\.io|azurecr\.cn|azurecr\.de|azurecr\.us)$");
        Assert.Empty(_entra.IssuedTokens);
    }

    [Fact]
    public async Task No_available_credential_is_one_line_and_never_leaves_the_machine()
    {
        await SeedAsync(1);
        using var cli = new FluxMirrorCli();
        var hosts = $"hosts:\n  - host: {BearerHost}\n    credential:\n      provider: azure\n      aud: {Audience}\n";

        var result = await cli.RunAsync(Sync(cli, hosts, BearerHost), Environment([]));

        AssertFailedWith(result, $"failed to obtain CI JWT for host \"{BearerHost}\": DefaultAzureCredential failed to retrieve a token from the included credentials");
        Assert.NotEmpty(_imds.Requests);
    }

    private static string AcrHost() => $"hosts:\n  - host: {Registry}\n    provider: acr\n";

    private static string? BearerToken(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
    }

    private static Dictionary<string, string?> ClientSecretCredentials() => new()
    {
        ["AZURE_TENANT_ID"] = Tenant,
        ["AZURE_CLIENT_ID"] = ClientId,
        ["AZURE_CLIENT_SECRET"] = ClientSecret,
        ["AZURE_AUTHORITY_HOST"] = $"https://{EntraHost}",
    };

    private async Task<CloudHttpsServer> StartAsync(string[] names, Action<Microsoft.AspNetCore.Builder.WebApplication> map, CloudRegistryBackend? backend = null)
    {
        var server = await CloudHttpsServer.StartAsync(_trust, names, map, backend, Ct);
        _servers.Add(server);
        return server;
    }

    private string[] Sync(FluxMirrorCli cli, string hosts, string destinationHost = Registry) =>
        ["sync", cli.WriteConfig(SyncConfigs.Config(SyncConfigs.Artifact($"{_source.Host}/team/app", $"{destinationHost}/mirror/app")) + hosts), "--no-progress"];

    private Dictionary<string, string?> Environment(Dictionary<string, string?> azure)
    {
        var env = AzureChildEnvironment.Create($"http://{_imds.Host}", _azureConfig);
        foreach (var (name, value) in _proxy.Environment())
        {
            env[name] = value;
        }

        foreach (var (name, value) in _trust.Environment())
        {
            env[name] = value;
        }

        foreach (var (name, value) in azure)
        {
            env[name] = value;
        }

        return env;
    }

    private async Task<IReadOnlyList<SeededImage>> SeedAsync(int tags)
    {
        using var seeder = new RegistrySeeder(_source);
        var images = new List<SeededImage>();
        for (var i = 0; i < tags; i++)
        {
            images.Add(await seeder.PushImageAsync("team/app", $"1.0.{i}", ct: Ct));
        }

        return images;
    }

    private async Task AssertMirroredAsync(IReadOnlyList<SeededImage> images)
    {
        using var check = new RegistrySeeder(_target);
        for (var i = 0; i < images.Count; i++)
        {
            Assert.Equal(images[i].Digest, await check.ManifestDigestAsync("mirror/app", $"1.0.{i}", Ct));
        }
    }

    private void AssertFailedWith(ProcessResult result, string message)
    {
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.CombinedOutput.Split('\n'), l => l.Contains(message, StringComparison.Ordinal));
        Assert.Contains("✗", line);
        Assert.DoesNotContain("   at ", result.CombinedOutput);
        AssertNoSecretIn(result);
    }

    private void AssertNoSecretIn(ProcessResult result)
    {
        Assert.DoesNotContain(ClientSecret, result.CombinedOutput);
        foreach (var token in _entra.IssuedTokens.Concat(_acr.IssuedTokens))
        {
            Assert.DoesNotContain(token, result.CombinedOutput);
        }
    }
}
