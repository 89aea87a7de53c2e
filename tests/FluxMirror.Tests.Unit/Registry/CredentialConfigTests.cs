using FluxMirror.Domain.Config;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Transport;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Unit.Registry;

/// <summary>Host settings from config and Docker config parsing, without a network.</summary>
public sealed class CredentialConfigTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_missing_jwk_file_fails_the_config()
    {
        Assert.Equal(
            "hosts[0]: credential: read jwkPath: open /k.json: no such file or directory",
            Assert.Throws<ConfigException>(() => HostSettingsFactory.FromConfig(
                Config(new HostEntry("x.example", Credential: new CredentialSpec(JwkPath: "/k.json", Iss: "i", Sub: "s"))))).Message);
    }

    [Fact]
    public async Task Host_settings_carry_username_chunk_size_and_a_static_credential()
    {
        var hosts = HostSettingsFactory.FromConfig(Config(new HostEntry("Registry.Example:5000", Username: "bot", Credential: new CredentialSpec(Value: "s3cr3t-value"), MaxChunkSize: 512)));

        var settings = hosts["registry.example:5000"];
        var credential = await settings.Credential!.ResolveAsync(Ct);

        Assert.Equal(("bot", 512), (settings.Username, settings.MaxChunkSizeKiB));
        Assert.Equal("s3cr3t-value", credential.BearerToken);
        Assert.DoesNotContain("s3cr3t", credential.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docker_config_entries_are_normalised_and_decoded()
    {
        using var dir = new DockerConfigDir();
        dir.WithBasic("https://index.docker.io/v1/", "hubuser", "hubpass")
            .WithBasic("http://registry.example:5000/v2/", "u", "p:with:colons")
            .WithIdentityToken("id.example", "refresh")
            .WithRegistryToken("rt.example", "stamped");
        var keychain = new DockerConfigKeychain(dir.Path, null);

        Assert.Equal(RegistryCredential.Basic("hubuser", "hubpass"), await keychain.ResolveAsync("index.docker.io", Ct));
        Assert.Equal(RegistryCredential.Basic("u", "p:with:colons"), await keychain.ResolveAsync("registry.example:5000", Ct));
        Assert.Equal(RegistryCredential.Identity(null, "refresh"), await keychain.ResolveAsync("id.example", Ct));
        Assert.True((await keychain.ResolveAsync("rt.example", Ct)).IsStampedBearer);
        Assert.True((await keychain.ResolveAsync("other.example", Ct)).IsAnonymous);
        Assert.DoesNotContain("hubpass", RegistryCredential.Basic("hubuser", "hubpass").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creds_store_helper_is_asked_with_the_docker_hub_server_url()
    {
        using var dir = new DockerConfigDir();
        dir.CreateCredentialHelper("store", "<token>", "identity-from-helper");
        dir.WithCredsStore("store");
        var keychain = new DockerConfigKeychain(dir.Path, dir.BinDirectory);

        var credential = await keychain.ResolveAsync("index.docker.io", Ct);

        Assert.Equal(RegistryCredential.Identity(null, "identity-from-helper"), credential);
        Assert.Equal("https://index.docker.io/v1/", dir.LastCredentialHelperRequest("store"));
    }

    [Fact]
    public async Task Local_gate_pauses_a_throttled_host_for_every_caller()
    {
        using var gate = new LocalHostGate(maxConcurrentPerHost: 1);
        gate.ReportThrottled("r.example", TimeSpan.FromMilliseconds(300));
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        var first = await gate.EnterAsync("r.example", Ct);
        var pausedFor = stopwatch.Elapsed;
        var second = gate.EnterAsync("r.example", Ct).AsTask();
        using (await gate.EnterAsync("other.example", Ct))
        {
            Assert.False(second.IsCompleted);
        }

        first.Dispose();
        using (await second)
        {
            Assert.True(pausedFor >= TimeSpan.FromMilliseconds(250), $"entered after {pausedFor}");
        }
    }

    private static MirrorConfig Config(params HostEntry[] hosts) =>
        new(MirrorConfig.SupportedApiVersion, MirrorConfig.ConfigKind, hosts, [], [], Path.GetTempPath());
}
