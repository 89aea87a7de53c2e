using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Gcp;
using FluxMirror.Registry.Credentials.Tokens;
using FluxMirror.TestSupport.Gcp;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Gcp;

public sealed class GcpIdTokenProviderTests
{
    private const string Audience = "https://registry.example.com";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_service_account_mints_an_id_token_for_the_audience()
    {
        await using var google = LocalGoogle.Start();
        var provider = new GcpIdTokenProvider(Audience, _ => Task.FromResult(google.ServiceAccount()));

        var token = await provider.MintAsync(Ct);

        Assert.True(google.Tokens.IsValidIdToken(token, Audience));
        Assert.Equal(1, google.Endpoint.IdTokenGrants);
        Assert.Equal(0, google.Endpoint.AccessTokenGrants);
    }

    [Fact]
    public async Task Gcloud_user_credentials_fall_back_to_the_id_token_of_their_refresh()
    {
        await using var google = LocalGoogle.Start();
        var provider = new GcpIdTokenProvider(Audience, _ => Task.FromResult(google.GcloudUser()));

        var token = await provider.MintAsync(Ct);

        Assert.True(google.Tokens.IsValidIdToken(token, GcloudUserCredentials.GcloudClientId));
        Assert.False(google.Tokens.IsValidIdToken(token, Audience));
    }

    [Fact]
    public async Task A_refresh_without_id_token_is_refused()
    {
        await using var google = LocalGoogle.Start();
        google.Endpoint.OmitIdToken = true;
        var provider = new GcpIdTokenProvider(Audience, _ => Task.FromResult(google.GcloudUser()));

        var error = await Assert.ThrowsAsync<CredentialException>(async () => await provider.MintAsync(Ct));

        Assert.Equal("GCP credential response carried no id_token", error.Message);
    }

    [Fact]
    public async Task A_token_endpoint_refusal_is_a_token_failure()
    {
        await using var google = LocalGoogle.Start();
        google.Endpoint.Refuse(401, "invalid_client", "The OAuth client was not found.");
        var forAccount = new GcpIdTokenProvider(Audience, _ => Task.FromResult(google.ServiceAccount()));
        var forUser = new GcpIdTokenProvider(Audience, _ => Task.FromResult(google.GcloudUser()));

        var accountError = await Assert.ThrowsAsync<CredentialException>(async () => await forAccount.MintAsync(Ct));
        var userError = await Assert.ThrowsAsync<CredentialException>(async () => await forUser.MintAsync(Ct));

        const string expected = "get GCP token: oauth2: \"invalid_client\" \"The OAuth client was not found.\"";
        Assert.Equal(expected, accountError.Message);
        Assert.Equal(expected, userError.Message);
    }

    [Fact]
    public async Task Missing_default_credentials_fail_the_token_source()
    {
        var provider = new GcpIdTokenProvider(Audience, _ => throw new CredentialException(GcpErrors.NoDefaultCredentials));

        var error = await Assert.ThrowsAsync<CredentialException>(async () => await provider.MintAsync(Ct));

        Assert.Equal("create GCP ID token source: " + GcpErrors.NoDefaultCredentials, error.Message);
    }

    [Fact]
    public async Task Wrapped_in_the_minted_token_cache_one_token_serves_until_half_its_lifetime()
    {
        await using var google = LocalGoogle.Start();
        var provider = new GcpIdTokenProvider(Audience, _ => Task.FromResult(google.ServiceAccount()));
        var source = new MintedTokenSource("registry.example.com", provider.MintAsync);

        var first = await source.ResolveAsync(Ct);
        var second = await source.ResolveAsync(Ct);

        Assert.Equal(first.BearerToken, second.BearerToken);
        Assert.Equal(1, google.Endpoint.IdTokenGrants);
        Assert.True(google.Tokens.IsValidIdToken(first.BearerToken!, Audience));
    }
}
