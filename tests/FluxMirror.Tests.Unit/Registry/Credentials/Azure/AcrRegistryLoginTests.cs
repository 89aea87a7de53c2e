using System.Net;
using System.Text;
using Azure.Identity;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Azure;
using FluxMirror.Registry.Credentials.Cloud;
using FluxMirror.TestSupport.Azure;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Azure;

public sealed class AcrRegistryLoginTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_login_is_the_null_user_with_the_refresh_token_until_its_exp()
    {
        var exp = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(3).ToUnixTimeSeconds());
        var refresh = FakeJwt.Unsigned(exp);
        var credential = FakeTokenCredential.Returning("aad-token");
        var handler = new RecordingHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent($"{{\"refresh_token\":\"{refresh}\"}}", Encoding.UTF8, "application/json"),
        }));
        using var http = new HttpClient(handler);
        var login = new AcrRegistryLogin(new EntraTokens(() => credential), new AcrTokenExchange(http));

        var result = await login.LoginAsync("myregistry.azurecr.cn", Ct);

        Assert.Equal("azure", login.Cloud);
        Assert.Equal("00000000-0000-0000-0000-000000000000", result.Username);
        Assert.Equal(refresh, result.Password);
        Assert.Equal(exp, result.ExpiresAt);
        Assert.Equal(["https://management.chinacloudapi.cn/.default"], credential.Scopes);
        Assert.Contains("access_token=aad-token&", handler.Requests.Single().Body);
        Assert.DoesNotContain(refresh, result.ToString());
    }

    [Fact]
    public async Task A_non_acr_host_fails_before_any_token_is_asked_for()
    {
        var credential = FakeTokenCredential.Returning("aad-token");
        var source = new CloudCredentialSource("ghcr.io", new AcrRegistryLogin(new EntraTokens(() => credential)));

        var error = await Assert.ThrowsAsync<CredentialException>(async () => await source.ResolveAsync(Ct));

        Assert.Equal(
            @"get azure registry credentials for ""ghcr.io"": invalid Azure registry: 'ghcr.io'. must match ^.+\.(azurecr\.io|azurecr\.cn|azurecr\.de|azurecr\.us)$",
            error.Message);
        Assert.Empty(credential.Scopes);
    }

    [Fact]
    public async Task An_entra_failure_is_wrapped_on_one_line()
    {
        var credential = new FakeTokenCredential((_, _) => throw new AuthenticationFailedException(
            "ClientSecretCredential authentication failed: AADSTS7000215: Invalid client secret provided.\r\nTrace ID: t-1\r\nCorrelation ID: c-1"));
        var source = new CloudCredentialSource("myregistry.azurecr.io", new AcrRegistryLogin(new EntraTokens(() => credential)));

        var error = await Assert.ThrowsAsync<CredentialException>(async () => await source.ResolveAsync(Ct));

        Assert.Equal(
            "get azure registry credentials for \"myregistry.azurecr.io\": ClientSecretCredential authentication failed: AADSTS7000215: Invalid client secret provided; Trace ID: t-1; Correlation ID: c-1",
            error.Message);
    }
}
