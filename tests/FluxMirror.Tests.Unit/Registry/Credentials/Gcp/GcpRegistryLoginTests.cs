using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Cloud;
using FluxMirror.Registry.Credentials.Gcp;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Gcp;

public sealed class GcpRegistryLoginTests
{
    private const string Gar = "europe-west1-docker.pkg.dev";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_service_account_logs_in_as_oauth2accesstoken_with_the_issued_token_and_its_expiry()
    {
        await using var google = LocalGoogle.Start();
        google.Tokens.Lifetime = TimeSpan.FromMinutes(10);
        var login = new GcpRegistryLogin(_ => Task.FromResult(google.ServiceAccount()));

        var before = DateTimeOffset.UtcNow;
        var result = await login.LoginAsync(Gar, Ct);

        Assert.Equal("oauth2accesstoken", result.Username);
        Assert.Equal(google.Tokens.AccessTokens.Single(), result.Password);
        Assert.NotNull(result.ExpiresAt);
        Assert.InRange(result.ExpiresAt.Value, before.AddMinutes(10).AddSeconds(-5), DateTimeOffset.UtcNow.AddMinutes(10).AddSeconds(5));
        Assert.Equal("gcp", login.Cloud);
        Assert.DoesNotContain(result.Password, result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_login_fetches_a_fresh_token()
    {
        await using var google = LocalGoogle.Start();
        var credential = google.ServiceAccount();
        var login = new GcpRegistryLogin(_ => Task.FromResult(credential));

        var first = await login.LoginAsync(Gar, Ct);
        var second = await login.LoginAsync("gcr.io", Ct);

        Assert.NotEqual(first.Password, second.Password);
        Assert.Equal(2, google.Endpoint.AccessTokenGrants);
    }

    [Fact]
    public async Task A_host_outside_gcr_and_artifact_registry_is_refused_before_any_token_request()
    {
        await using var google = LocalGoogle.Start();
        var source = new CloudCredentialSource("registry.example.com", new GcpRegistryLogin(_ => Task.FromResult(google.ServiceAccount())));

        var error = await Assert.ThrowsAsync<CredentialException>(async () => await source.ResolveAsync(Ct));

        Assert.Equal(
            @"get gcp registry credentials for ""registry.example.com"": invalid GCP registry: 'registry.example.com'. must match ^(((.+\.)?gcr\.io)|(.+-docker\.pkg\.dev))$",
            error.Message);
        Assert.Equal(0, google.Endpoint.AccessTokenGrants);
    }

    [Fact]
    public async Task A_token_endpoint_refusal_reads_as_the_reference_words_it()
    {
        await using var google = LocalGoogle.Start();
        google.Endpoint.Refuse(400, "invalid_grant", "Invalid JWT Signature.");
        var source = new CloudCredentialSource(Gar, new GcpRegistryLogin(_ => Task.FromResult(google.ServiceAccount())));

        var error = await Assert.ThrowsAsync<CredentialException>(async () => await source.ResolveAsync(Ct));

        Assert.Equal(
            $"get gcp registry credentials for \"{Gar}\": failed to get access token for artifact registry: " +
            "failed to create provider access token for the controller: oauth2: \"invalid_grant\" \"Invalid JWT Signature.\"",
            error.Message);
    }

    [Fact]
    public async Task Missing_default_credentials_read_as_the_reference_words_it()
    {
        var login = new GcpRegistryLogin(_ => throw new CredentialException(GcpErrors.NoDefaultCredentials));

        var error = await Assert.ThrowsAsync<CredentialException>(() => login.LoginAsync("gcr.io", Ct));

        Assert.Equal(
            "failed to get access token for artifact registry: failed to create provider access token for the controller: " + GcpErrors.NoDefaultCredentials,
            error.Message);
    }
}
