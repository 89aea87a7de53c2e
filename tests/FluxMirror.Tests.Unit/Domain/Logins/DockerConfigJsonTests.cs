using System.Text.Json;
using FluxMirror.Domain.Logins;

namespace FluxMirror.Tests.Unit.Domain.Logins;

public sealed class DockerConfigJsonTests
{
    [Fact]
    public void A_username_host_and_a_token_host_are_written_as_go_marshals_them()
    {
        var json = DockerConfigJson.Serialize([HostLogin.Token("token.example.com", "bearer-token"), HostLogin.Basic("user.example.com", "robot", "token-value")]);

        // Hosts sorted (Go map), entry fields in struct order, empty ones omitted, compact.
        Assert.Equal(
            """{"auths":{"token.example.com":{"registrytoken":"bearer-token"},"user.example.com":{"username":"robot","password":"token-value","auth":"cm9ib3Q6dG9rZW4tdmFsdWU="}}}""",
            json);
    }

    [Fact]
    public void The_host_key_is_the_host_as_configured_port_included()
    {
        var json = DockerConfigJson.Serialize([HostLogin.Basic("localhost:5000", "u", "p")]);

        using var parsed = JsonDocument.Parse(json);
        Assert.True(parsed.RootElement.GetProperty("auths").TryGetProperty("localhost:5000", out _));
    }

    [Fact]
    public void Html_sensitive_characters_are_escaped_like_go()
    {
        var json = DockerConfigJson.Serialize([HostLogin.Basic("r.example", "a&b", "<p>")]);

        Assert.Contains("\"username\":\"a\\u0026b\",\"password\":\"\\u003cp\\u003e\"", json, StringComparison.Ordinal);
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal("<p>", parsed.RootElement.GetProperty("auths").GetProperty("r.example").GetProperty("password").GetString());
    }

    [Fact]
    public void An_empty_password_is_omitted_but_auth_still_carries_the_pair()
    {
        var json = DockerConfigJson.Serialize([HostLogin.Basic("r.example", "robot", string.Empty)]);

        Assert.Equal("""{"auths":{"r.example":{"username":"robot","auth":"cm9ib3Q6"}}}""", json);
    }

    [Fact]
    public void The_secret_model_carries_the_kubernetes_type_and_key_and_never_prints_its_data()
    {
        var secret = DockerConfigSecret.For("regcreds", "flux-system", [HostLogin.Token("r.example", "tok-xyz")]);

        Assert.Equal("kubernetes.io/dockerconfigjson", DockerConfigSecret.SecretType);
        Assert.Equal(".dockerconfigjson", DockerConfigSecret.DataKey);
        Assert.Equal(1, secret.HostCount);
        Assert.Equal("""{"auths":{"r.example":{"registrytoken":"tok-xyz"}}}"""u8.ToArray(), secret.DockerConfigJsonBytes);
        Assert.DoesNotContain("tok-xyz", secret.ToString(), StringComparison.Ordinal);
    }
}
