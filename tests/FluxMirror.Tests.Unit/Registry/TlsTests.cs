using FluxMirror.Domain.Config;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Unit.Registry;

/// <summary>Per-host TLS: a custom CA as the only trust anchor, mTLS client certificates, insecure mode.</summary>
public sealed class TlsTests : IDisposable
{
    private const string TagsJson = """{"name":"team/app","tags":["v1"]}""";
    private readonly TestCertificates _certificates = new();
    private readonly DockerConfigDir _dockerConfig = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _certificates.Dispose();
        _dockerConfig.Dispose();
    }

    [Fact]
    public async Task Custom_ca_bundle_verifies_the_server()
    {
        await using var server = new LoopbackServer(_ => ScriptedResponse.Json(200, TagsJson), _certificates.Server);
        var hosts = HostSettingsFactory.FromConfig(Config(new HostEntry(server.Host, Tls: new TlsSpec(new ServerAuthSpec(Value: _certificates.CaPem)))));
        using var client = Client(new RegistryClientOptions { Hosts = hosts });

        Assert.Equal(["v1"], await client.ListTagsAsync(new RepositoryRef(server.Host, "team/app"), Ct));
        Assert.Contains(server.Requests, r => r.PathAndQuery == "/v2/team/app/tags/list?n=1000");
    }

    [Fact]
    public async Task Unknown_ca_is_refused()
    {
        await using var server = new LoopbackServer(_ => ScriptedResponse.Json(200, TagsJson), _certificates.Server);
        using var client = Client(new RegistryClientOptions());

        await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(new RepositoryRef(server.Host, "team/app"), Ct));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Insecure_mode_skips_verification()
    {
        await using var server = new LoopbackServer(_ => ScriptedResponse.Json(200, TagsJson), _certificates.Server);
        using var client = Client(new RegistryClientOptions { Insecure = true });

        Assert.Equal(["v1"], await client.ListTagsAsync(new RepositoryRef(server.Host, "team/app"), Ct));
    }

    [Fact]
    public async Task Client_certificate_from_files_is_presented()
    {
        await using var server = new LoopbackServer(_ => ScriptedResponse.Json(200, TagsJson), _certificates.Server, requireClientCertificate: true);
        var certFile = Path.Combine(_dockerConfig.Path, "client.crt");
        var keyFile = Path.Combine(_dockerConfig.Path, "client.key");
        await File.WriteAllTextAsync(certFile, _certificates.ClientCertificatePem, Ct);
        await File.WriteAllTextAsync(keyFile, _certificates.ClientKeyPem, Ct);
        var tls = new TlsSpec(new ServerAuthSpec(Value: _certificates.CaPem), new ClientAuthSpec(Certificate: new TlsDataSpec(FromPath: certFile), Key: new TlsKeySpec(FromPath: keyFile)));
        using var client = Client(new RegistryClientOptions { Hosts = HostSettingsFactory.FromConfig(Config(new HostEntry(server.Host, Tls: tls))) });

        await client.ListTagsAsync(new RepositoryRef(server.Host, "team/app"), Ct);

        Assert.All(server.Requests, r => Assert.Equal("CN=flux-mirror-client", r.ClientCertificateSubject));
        Assert.NotEmpty(server.Requests);
    }

    [Fact]
    public async Task Missing_client_certificate_is_refused_by_an_mtls_server()
    {
        await using var server = new LoopbackServer(_ => ScriptedResponse.Json(200, TagsJson), _certificates.Server, requireClientCertificate: true);
        var hosts = HostSettingsFactory.FromConfig(Config(new HostEntry(server.Host, Tls: new TlsSpec(new ServerAuthSpec(Value: _certificates.CaPem)))));
        using var client = Client(new RegistryClientOptions { Hosts = hosts });

        await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(new RepositoryRef(server.Host, "team/app"), Ct));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Bad_tls_material_fails_the_config_with_a_one_line_message()
    {
        var noCertificates = Config(new HostEntry("registry.example.com", Tls: new TlsSpec(new ServerAuthSpec(Value: "not a pem"))));
        var badKey = Config(new HostEntry("registry.example.com", Tls: new TlsSpec(ClientAuth: new ClientAuthSpec(
            Certificate: new TlsDataSpec(Value: _certificates.ClientCertificatePem), Key: new TlsKeySpec(Value: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")))));

        var caError = Assert.Throws<ConfigException>(() => HostSettingsFactory.FromConfig(noCertificates));
        var keyError = Assert.Throws<ConfigException>(() => HostSettingsFactory.FromConfig(badKey));

        Assert.Equal("hosts[0]: tls: serverAuth: no valid certificates in CA bundle", caError.Message);
        Assert.StartsWith("hosts[0]: tls: clientAuth: load key pair: ", keyError.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AAAA", keyError.Message, StringComparison.Ordinal);
    }

    private RegistryClient Client(RegistryClientOptions options) =>
        new(options with { DockerConfigDirectory = _dockerConfig.Path, MaxAttempts = 1 });

    private static MirrorConfig Config(params HostEntry[] hosts) =>
        new(MirrorConfig.SupportedApiVersion, MirrorConfig.ConfigKind, hosts, [], [], Path.GetTempPath());
}
