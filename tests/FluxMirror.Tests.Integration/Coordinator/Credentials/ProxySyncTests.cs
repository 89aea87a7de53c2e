using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cloud;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Coordinator.Credentials;

/// <summary>
/// Registries behind a corporate proxy: the CLI honours <c>HTTPS_PROXY</c> / <c>NO_PROXY</c> and trusts a private CA
/// through <c>SSL_CERT_FILE</c>, the standard Linux way. This is also how the cloud-provider tests reach hosts named
/// like ECR, ACR or GAR: a CONNECT tunnel to a loopback TLS server, with no test-only switch in the client.
/// </summary>
// Own collection: much of it waits on token lifetimes, which overlaps the Sync collection instead of lengthening it.
[Collection("Credentials")]
public sealed class ProxySyncTests : IAsyncLifetime
{
    private const string RegistryName = "registry.corp.example";
    private RegistryProcess _source = null!;
    private RegistryProcess _target = null!;
    private CloudTrust _trust = null!;
    private ConnectProxy _proxy = null!;
    private CloudHttpsServer _front = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _source = await RegistryProcess.StartAsync(ct: Ct);
        _target = await RegistryProcess.StartAsync(ct: Ct);
        _trust = new CloudTrust();
        _proxy = await ConnectProxy.StartAsync(Ct);
        _front = await CloudHttpsServer.StartAsync(_trust, [RegistryName], _ => { }, new CloudRegistryBackend(_target.BaseUri), Ct);
        _proxy.Route(RegistryName, _front.Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _front.DisposeAsync();
        await _proxy.DisposeAsync();
        _trust.Dispose();
        await _source.DisposeAsync();
        await _target.DisposeAsync();
    }

    private IDictionary<string, string?> Environment(bool withProxy = true, bool trusted = true)
    {
        var env = new Dictionary<string, string?>();
        foreach (var (name, value) in withProxy ? _proxy.Environment() : new Dictionary<string, string?>())
        {
            env[name] = value;
        }

        foreach (var (name, value) in trusted ? _trust.Environment() : new Dictionary<string, string?>())
        {
            env[name] = value;
        }

        return env;
    }

    [Fact]
    public async Task A_registry_reached_through_HTTPS_PROXY_receives_the_mirror_and_loopback_goes_direct()
    {
        using var seeder = new RegistrySeeder(_source);
        var image = await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        using var cli = new FluxMirrorCli();
        var config = SyncConfigs.Config(SyncConfigs.Artifact($"{_source.Host}/team/app", $"{RegistryName}/mirror/app"));

        var result = await cli.RunAsync(["sync", cli.WriteConfig(config), "--no-progress"], Environment());

        Assert.True(result.ExitCode == 0, result.CombinedOutput);
        using var check = new RegistrySeeder(_target);
        Assert.Equal(image.Digest, await check.ManifestDigestAsync("mirror/app", "1.0.0", Ct));
        Assert.Contains($"{RegistryName}:443", _proxy.Tunnels);
        Assert.DoesNotContain(_proxy.Tunnels, t => t.StartsWith("127.0.0.1", StringComparison.Ordinal));
        Assert.Contains(_front.Requests, r => r.Method == "PUT" && r.PathAndQuery.StartsWith("/v2/mirror/app/manifests/1.0.0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_the_private_CA_the_tag_fails_on_TLS_with_one_line()
    {
        using var seeder = new RegistrySeeder(_source);
        await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        using var cli = new FluxMirrorCli();
        var config = SyncConfigs.Config(SyncConfigs.Artifact($"{_source.Host}/team/app", $"{RegistryName}/mirror/app"));

        var result = await cli.RunAsync(["sync", cli.WriteConfig(config), "--no-progress", "--retries", "0"], Environment(trusted: false));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(RegistryName, result.StandardError + result.StandardOutput);
        Assert.DoesNotContain("   at ", result.CombinedOutput);
        Assert.Contains($"{RegistryName}:443", _proxy.Tunnels);
    }
}
