using FluxMirror.Domain.Config;

namespace FluxMirror.Tests.Unit.Domain.Config;

/// <summary>A config submitted to the cluster takes credentials by reference only.</summary>
public sealed class LiteralCredentialsTests
{
    private static readonly LoadOptions Submitted = ConfigText.Env(("TOKEN", "hunter2-token"), ("KEY", "k")) with { Submitted = new SubmittedConfigRules() };

    private static string Host(string fields) => ConfigText.Header + ConfigText.Artifact + "hosts:\n- host: quay.io\n" + fields;

    [Theory]
    [InlineData("  credential: {value: hunter2-token}\n", "hosts[0].credential.value", "hosts[0].credential.fromPath")]
    [InlineData("  credential: {value: \"pre-${TOKEN}\"}\n", "hosts[0].credential.value", "hosts[0].credential.fromPath")]
    [InlineData("  credential: {value: \"${TOKEN:-hunter2-default}\"}\n", "hosts[0].credential.value", "hosts[0].credential.fromPath")]
    [InlineData("  credential: {jwkValue: '{\"kty\":\"EC\"}'}\n", "hosts[0].credential.jwkValue", "hosts[0].credential.jwkPath")]
    [InlineData("  tls: {clientAuth: {certificate: {fromPath: c.pem}, key: {value: PEMKEY}}}\n", "hosts[0].tls.clientAuth.key.value", "hosts[0].tls.clientAuth.key.fromPath")]
    public void A_literal_credential_is_refused_with_the_way_out(string fields, string field, string fileField)
    {
        var error = LiteralCredentials.Refusal(Host(fields), envSubst: true);

        Assert.Equal(
            $"config: {field} is a literal credential; a config submitted to the cluster takes credentials by reference only: " +
            $"write ${{VAR}} (substituted on the nodes from their environment) or use {fileField} (a file on the nodes)",
            error);
    }

    [Fact]
    public void The_loader_refuses_it_and_never_quotes_it()
    {
        var error = ConfigText.ErrorOf(Host("  credential: {value: hunter2-token}\n"), Submitted);

        Assert.StartsWith("config: hosts[0].credential.value is a literal credential", error);
        Assert.DoesNotContain("hunter2", error);
    }

    [Theory]
    [InlineData("  credential: {value: \"${TOKEN}\"}\n")]
    [InlineData("  credential:\n    value: ${TOKEN}\n")]
    [InlineData("  Credential: {Value: \"${TOKEN}\"}\n")]
    [InlineData("  credential: {fromPath: /var/run/token}\n")]
    [InlineData("  credential: {provider: github}\n")]
    [InlineData("  tls: {serverAuth: {value: CA-PEM-IS-PUBLIC}}\n")]
    public void A_reference_or_a_file_is_accepted(string fields)
    {
        Assert.Null(LiteralCredentials.Refusal(Host(fields), envSubst: true));
    }

    [Fact]
    public void A_config_that_is_yaml_only_once_substituted_is_refused()
    {
        var error = LiteralCredentials.Refusal(Host("  credential: {value: ${TOKEN}}\n"), envSubst: true);

        Assert.Equal(
            "config: a config submitted to the cluster must be YAML before ${VAR} substitution, so that its credentials " +
            "can be checked: substitute values, not structure, and quote a ${VAR} inside [...] or {...}",
            error);
    }

    [Fact]
    public void Without_substitution_a_reference_is_literal_text()
    {
        Assert.NotNull(LiteralCredentials.Refusal(Host("  credential: {value: \"${TOKEN}\"}\n"), envSubst: false));
    }

    [Fact]
    public void The_embedded_run_takes_a_literal_credential()
    {
        var config = ConfigText.Load(Host("  credential: {value: hunter2-token}\n"));

        Assert.Equal("hunter2-token", config.Hosts[0].Credential!.Value);
    }

    [Fact]
    public void A_submitted_reference_is_substituted_on_load()
    {
        var config = ConfigText.Load(Host("  credential: {value: \"${TOKEN}\"}\n"), Submitted);

        Assert.Equal("hunter2-token", config.Hosts[0].Credential!.Value);
    }
}
