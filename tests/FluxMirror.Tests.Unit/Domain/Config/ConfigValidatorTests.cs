using FluxMirror.Domain.Config;
using FluxMirror.Domain.Selection;

namespace FluxMirror.Tests.Unit.Domain.Config;

public sealed class ConfigValidatorTests
{
    public static TheoryData<string, string, string> Cases => ValidationCases.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validates_like_the_reference(string name, string body, string expected)
    {
        var yaml = body.StartsWith("apiVersion", StringComparison.Ordinal) || body.StartsWith("kind", StringComparison.Ordinal)
            ? body
            : ConfigText.Header + body;

        if (expected.Length == 0)
        {
            Assert.NotNull(ConfigText.Load(yaml));
            return;
        }

        var message = ConfigText.ErrorOf(yaml);
        if (expected.EndsWith('*'))
        {
            Assert.StartsWith(expected[..^1], message);
            Assert.True(message.Length > expected.Length - 1, $"{name}: the engine's reason is missing");
        }
        else
        {
            Assert.Equal(expected, message);
        }
    }

    [Fact]
    public void Table_covers_at_least_eighty_cases() => Assert.True(Cases.Count >= 80, $"only {Cases.Count} cases");

    [Fact]
    public void Hosts_only_config_is_valid_when_entries_are_not_required()
    {
        var config = ConfigText.Load(ConfigText.Header + "hosts: [{host: ghcr.io, username: me, credential: {value: t}}]",
            ConfigText.NoEnv with { RequireEntries = false });
        Assert.Single(config.Hosts);
        Assert.Empty(config.Artifacts);
    }

    [Fact]
    public void Hosts_only_config_still_validates_hosts_when_entries_are_not_required()
    {
        var message = ConfigText.ErrorOf(ConfigText.Header + "hosts: [{host: h.example}]", ConfigText.NoEnv with { RequireEntries = false });
        Assert.Equal("hosts[0]: one of credential, provider, tls, or maxChunkSize is required", message);
    }

    [Fact]
    public void Validator_works_on_a_model_built_in_code()
    {
        var config = new MirrorConfig(
            MirrorConfig.SupportedApiVersion,
            MirrorConfig.ConfigKind,
            [new HostEntry("h.example", Credential: new CredentialSpec(JwkValue: "{}", Iss: "i", Sub: "s", Exp: TimeSpan.FromSeconds(-1)))],
            [new ArtifactEntry("ghcr.io/o/a", "quay.io/o/a", new SelectorSpec())],
            [],
            "/tmp");

        Assert.False(ConfigValidator.TryValidate(config, requireEntries: true, out var error));
        Assert.Equal("hosts[0]: credential: exp must be a positive duration", error);

        var fixedConfig = config with { Hosts = [config.Hosts[0] with { Credential = config.Hosts[0].Credential! with { Exp = null } }] };
        Assert.True(ConfigValidator.TryValidate(fixedConfig, requireEntries: true, out error), error);
    }

    [Fact]
    public void Model_sortBy_text_is_reported_raw()
    {
        var config = new MirrorConfig(MirrorConfig.SupportedApiVersion, MirrorConfig.ConfigKind, [],
            [new ArtifactEntry("ghcr.io/o/a", "quay.io/o/a", new SelectorSpec(), SortByText: " semver")], [], "/tmp");
        var e = Assert.Throws<ConfigException>(() => ConfigValidator.Validate(config, requireEntries: true));
        Assert.Equal("artifacts[0]: selector: sortBy \" semver\" must be one of: semver, alphabetical, numerical", e.Message);
    }

    [Fact]
    public void Quoted_values_in_messages_use_go_escaping()
    {
        var message = ConfigText.ErrorOf("apiVersion: \"a\\tb\\\"c\"\nkind: Config\n");
        Assert.Equal("apiVersion must be \"mirror.plugin.fluxcd.io/v1beta1\", got \"a\\tb\\\"c\"", message);
    }
}
