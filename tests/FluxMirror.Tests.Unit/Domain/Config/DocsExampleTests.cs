using FluxMirror.Domain.Config;
using FluxMirror.Domain.GoCompat;
using FluxMirror.Domain.Selection;

namespace FluxMirror.Tests.Unit.Domain.Config;

public sealed class DocsExampleTests
{
    // The first example of flux-mirror-docs.md (Config section), verbatim.
    private const string DocsExample = """
        apiVersion: mirror.plugin.fluxcd.io/v1beta1
        kind: Config
        artifacts:
          - source: docker.io/stefanprodan/podinfo
            destination: quay.io/my-org/podinfo
            selector:
              semver: "6.x"
              limit: 2
            includeReferrers: true
            verify:
              provider: cosign
              minAge: 48h
              matchOIDCIdentity:
                - issuer: https://token.actions.githubusercontent.com
                  subject: ^https://github\.com/stefanprodan/.*$
        charts:
          - name: podinfo
            source: https://stefanprodan.github.io/podinfo
            destination: oci://quay.io/my-org/charts
            version: "6.x"
            limit: 2
        hosts:
          - host: quay.io
            username: 'my-org+robot-user'
            credential:
              value: ${QUAY_TOKEN}
        """;

    [Fact]
    public void Docs_example_loads_with_documented_defaults()
    {
        var config = ConfigText.Load(DocsExample, ConfigText.Env(("QUAY_TOKEN", "robot-token")));

        var artifact = Assert.Single(config.Artifacts);
        Assert.Equal("docker.io/stefanprodan/podinfo", artifact.Source);
        Assert.Equal("quay.io/my-org/podinfo", artifact.Destination);
        Assert.Equal("6.x", artifact.Selector.Semver);
        Assert.Equal(2, artifact.Selector.EffectiveLimit);
        Assert.Equal(SortOrder.Semver, artifact.Selector.SortBy);
        Assert.True(artifact.IncludeReferrers);
        Assert.False(artifact.Overwrite);
        Assert.Equal(VerifySpec.ProviderCosign, artifact.Verify!.Provider);
        Assert.Equal(TimeSpan.FromHours(48), artifact.Verify.MinAge);
        Assert.Equal("48h0m0s", GoDuration.Format(artifact.Verify.MinAge!.Value));
        var identity = Assert.Single(artifact.Verify.MatchOidcIdentity);
        Assert.Equal("https://token.actions.githubusercontent.com", identity.Issuer);
        Assert.Equal(@"^https://github\.com/stefanprodan/.*$", identity.Subject);

        var chart = Assert.Single(config.Charts);
        Assert.Equal("6.x", chart.EffectiveVersion);
        Assert.Equal(2, chart.EffectiveLimit);
        Assert.False(chart.Overwrite);
        Assert.Equal("quay.io/my-org/charts/podinfo", chart.DestinationRepository);
        Assert.Equal("https://stefanprodan.github.io/podinfo/podinfo", chart.SourceLabel);

        var host = Assert.Single(config.Hosts);
        Assert.Equal("quay.io", host.Host);
        Assert.Equal("my-org+robot-user", host.Username);
        Assert.Equal("robot-token", host.Credential!.Value);
        Assert.Equal(CredentialSource.Value, host.Credential.Source);
        Assert.Equal("quay.io", host.Credential.EffectiveAud(host.Host));
        Assert.Equal(TimeSpan.FromSeconds(60), host.Credential.EffectiveExp);
        Assert.Equal(0, host.EffectiveMaxChunkSize);
        Assert.False(host.SendsBearerToken);
        Assert.Same(host, config.FindHost("quay.io"));
        Assert.Null(config.FindHost("ghcr.io"));
    }

    [Fact]
    public void Defaults_apply_when_fields_are_absent()
    {
        var config = ConfigText.Load(ConfigText.Header
            + "artifacts: [{source: ghcr.io/o/a, destination: quay.io/o/a}]\n"
            + "charts: [{name: c, source: 'https://charts.example.com', destination: 'oci://ghcr.io/o'}]\n"
            + "hosts: [{host: ghcr.io, credential: {jwkPath: k.json, iss: i, sub: s}}]\n");

        var selector = config.Artifacts[0].Selector;
        Assert.Equal(SortOrder.Semver, selector.SortBy);
        Assert.Null(selector.Limit);
        Assert.Equal(1, selector.EffectiveLimit);
        Assert.Null(config.Artifacts[0].Verify);
        Assert.False(config.Artifacts[0].IncludeReferrers);
        Assert.Equal("*", config.Charts[0].EffectiveVersion);
        Assert.Equal(1, config.Charts[0].EffectiveLimit);
        Assert.Equal("ghcr.io", config.Hosts[0].Credential!.EffectiveAud("ghcr.io"));
        Assert.Equal(TimeSpan.FromSeconds(60), config.Hosts[0].Credential!.EffectiveExp);
        Assert.True(config.Hosts[0].SendsBearerToken);
    }

    [Fact]
    public void Every_field_lands_in_the_model()
    {
        var dir = Directory.CreateTempSubdirectory("flux-mirror-fields-").FullName;
        try
        {
            var path = Path.Combine(dir, "mirror.yaml");
            File.WriteAllText(path, FieldsYaml);
            var config = ConfigLoader.Load(ConfigSource.FromFile(path), ConfigText.NoEnv);
            AssertEveryField(config, dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private const string FieldsYaml = """
        APIVERSION: mirror.plugin.fluxcd.io/v1beta1
        Kind: Config
        artifacts:
          - source: ghcr.io/o/app
            destination: localhost:5000/o/app
            selector:
              regex: {pattern: '^v(?P<v>\d+)$', extract: '$v'}
              sortBy: numerical
              limit: 0
            includeReferrers: false
            overwrite: true
            verify: {provider: cosign, matchOIDCIdentity: [{issuer: i, subject: s}]}
        charts:
          - {name: c, source: 'http://charts.example.com', destination: 'oci://ghcr.io/o', overwrite: true}
        hosts:
          - host: a.example
            credential: {jwkValue: '{"kty":"OKP"}', iss: i, sub: s, aud: aud, exp: 8760h}
            tls:
              serverAuth: {fromPath: /certs/ca.crt}
              clientAuth:
                certificate: {fromPath: ../../certs/c.crt}
                key: {fromPath: certs/c.key}
          - host: b.example
            provider: gar
          - host: c.example
            credential: {fromPath: token, provider: ''}
            maxChunkSize: 0x400
            tls: {serverAuth: {spiffe: {serverId: 'spiffe://example.org/r'}}, clientAuth: {provider: x509-svid}}
          - host: d.example
            tls: {serverAuth: {value: PEM, spiffe: ~}, clientAuth: {certificate: {value: CERT}, key: {value: KEY}}}
          - host: e.example
            tls: {serverAuth: {spiffe: {trustDomain: self}}}
          - host: f.example
            tls: {serverAuth: {spiffe: {authorizeAny: true}}}
        """;

    private static void AssertEveryField(MirrorConfig config, string dir)
    {
        Assert.Equal(MirrorConfig.SupportedApiVersion, config.ApiVersion);
        Assert.Equal(dir, config.BaseDirectory);

        var artifact = config.Artifacts[0];
        Assert.Equal(new RegexSpec(@"^v(?P<v>\d+)$", "$v"), artifact.Selector.Regex);
        Assert.Equal(SortOrder.Numerical, artifact.Selector.SortBy);
        Assert.Equal("numerical", artifact.SortByText);
        Assert.Equal(0, artifact.Selector.EffectiveLimit);
        Assert.True(artifact.Overwrite);
        Assert.Null(artifact.Verify!.MinAge);
        Assert.Equal(new OidcIdentity("i", "s"), artifact.Verify.MatchOidcIdentity[0]);
        Assert.Equal(new ChartEntry("c", "http://charts.example.com", "oci://ghcr.io/o", null, null, true), config.Charts[0]);

        var a = config.Hosts[0];
        Assert.Equal(new CredentialSpec(JwkValue: "{\"kty\":\"OKP\"}", Iss: "i", Sub: "s", Aud: "aud", Exp: TimeSpan.FromHours(8760)), a.Credential);
        Assert.Equal("aud", a.Credential!.EffectiveAud(a.Host));
        Assert.Equal(Path.Combine(dir, "certs", "ca.crt"), a.Tls!.ServerAuth!.FromPath);
        Assert.Equal(Path.Combine(dir, "certs", "c.crt"), a.Tls.ClientAuth!.Certificate!.FromPath);
        Assert.Equal(Path.Combine(dir, "certs", "c.key"), a.Tls.ClientAuth.Key!.FromPath);

        Assert.Equal(HostEntry.ProviderGar, config.Hosts[1].Provider);
        Assert.Null(config.Hosts[1].Credential);

        var c = config.Hosts[2];
        Assert.Equal(Path.Combine(dir, "token"), c.Credential!.FromPath);
        Assert.Equal(CredentialSource.FromPath, c.Credential.Source);
        Assert.Equal(1024, c.MaxChunkSize);
        Assert.Equal("spiffe://example.org/r", c.Tls!.ServerAuth!.Spiffe!.ServerId);
        Assert.Equal(ClientAuthSpec.ProviderX509Svid, c.Tls.ClientAuth!.Provider);

        var d = config.Hosts[3].Tls!;
        Assert.Equal(new ServerAuthSpec(Value: "PEM"), d.ServerAuth);
        Assert.Equal(new TlsDataSpec(Value: "CERT"), d.ClientAuth!.Certificate);
        Assert.Equal(new TlsKeySpec(Value: "KEY"), d.ClientAuth.Key);

        Assert.Equal(SpiffeServerAuthSpec.TrustDomainSelf, config.Hosts[4].Tls!.ServerAuth!.Spiffe!.TrustDomain);
        Assert.True(config.Hosts[5].Tls!.ServerAuth!.Spiffe!.AuthorizeAny);
    }

    [Fact]
    public void Secrets_never_appear_in_ToString()
    {
        var credential = new CredentialSpec(Value: "tok-123", JwkValue: "jwk-456", Iss: "issuer");
        var host = new HostEntry("h", Credential: credential, Tls: new TlsSpec(ClientAuth: new ClientAuthSpec(Key: new TlsKeySpec(Value: "key-789"))));
        var text = host.ToString();
        Assert.DoesNotContain("tok-123", text);
        Assert.DoesNotContain("jwk-456", text);
        Assert.DoesNotContain("key-789", text);
        Assert.Contains("issuer", text);
        Assert.Contains("<redacted>", text);
    }

    [Fact]
    public void Yaml_anchors_and_merge_keys_resolve()
    {
        var config = ConfigText.Load(ConfigText.Header + """
            artifacts:
              - source: ghcr.io/o/a
                destination: quay.io/o/a
                selector: &sel {limit: 3, sortBy: alphabetical}
              - source: ghcr.io/o/b
                destination: quay.io/o/b
                selector: *sel
            hosts:
              - &base {host: a.example, maxChunkSize: 64}
              - <<: *base
                host: b.example
            """);
        Assert.Equal(3, config.Artifacts[1].Selector.Limit);
        Assert.Equal(SortOrder.Alphabetical, config.Artifacts[1].Selector.SortBy);
        Assert.Equal("b.example", config.Hosts[1].Host);
        Assert.Equal(64, config.Hosts[1].MaxChunkSize);
    }
}
